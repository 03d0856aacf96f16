"""The capacity-building programme: curriculum, events, participants, evaluation, certificates."""
