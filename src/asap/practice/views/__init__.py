"""The practice pages: a trainee's attempts (attempts.py) and the trainer's review
(review.py)."""
