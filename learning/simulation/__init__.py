"""The simulator: a realistic world with known ground truth (``manage.py simulate``).

Generation is pure Python with numpy (no Django): :func:`world.generate_world` turns a
:class:`world.WorldConfig` into an immutable :class:`world.World`; the true model behind the
outcomes is documented in :mod:`.model`, :mod:`.applications`, :mod:`.journeys` and
:mod:`.jobs`; :func:`truth.truth_document` states every planted number; :func:`events.world_events`
renders the event log. Only :mod:`.loader` touches the database.
"""
