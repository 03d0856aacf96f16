"""The training pages: a trainer's events (events, participants, reports) and the public
pages a participant reaches through a personal link, and certificate verification."""
