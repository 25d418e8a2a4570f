"""The domain's rules, one module per domain: who may do what when, who sees what, and which
values a field accepts.

- `contacts`: the contact's transitions (answer, outcome), disclosure (direct line, first name,
  names in the history), and which contacts wait for whom, as Python predicates and SQL.
- `slots`: the slot's transition table, when a slot is matched, and its field limits.
- `candidates`: the profile's transition table, when a profile is matched, and its field limits.
- `organisations`: verification status, in Python and SQL.
- `clock`: today where the people are.

Services enforce these rules, forms and import columns reuse the validators, templates receive
allowed actions and disclosure flags, and list, digest and matching queries use the SQL twins.
Nothing here touches the session: the rules are pure, so each has a test that tries to break it.
"""
