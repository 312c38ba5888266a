"""Citizens' feedback (phản ánh, kiến nghị) by chat, issue 10.

Pure: `model.py` (states, moves, deadlines, the law and our choices). With the database:
`store.py` (reads, creation, the audit), `actions.py` (staff, lead and citizen moves,
version-guarded and audited), `relay.py` (messages the moves send through the outbox),
`planners.py` (deadline warning and escalation in the outbox loop), `limits.py` (per-person
daily limits). The period figures read tickets in bot/core/summaries/feedback.py.
"""
