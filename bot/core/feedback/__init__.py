"""Citizens' feedback (phản ánh, kiến nghị) and service ratings by chat, issue 10.

Pure: `model.py` (states, moves, deadlines, the law and our choices). With the database:
`store.py` (reads, creation, the audit), `actions.py` (staff, lead and citizen moves,
version-guarded and audited), `relay.py` (messages the moves send through the outbox),
`planners.py` (deadline warning and escalation in the outbox loop), `ratings.py` (service
ratings, /danhgia). Per-person daily limits use bot/core/limits.py (handlers/
feedback_common.py); the period figures read tickets and ratings in
bot/core/summaries/feedback.py.
"""
