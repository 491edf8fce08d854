"""The check objects of the Backend.AI catalog: the generic checks, named for the manager.
Known defects refer to these objects."""

from __future__ import annotations

from faultbook.checks.categories import CategoriesHit
from faultbook.checks.confirmed import FaultConfirmed
from faultbook.checks.exit_status import EndsWith, Exits, ExitsNonZero, StartsUnderFault
from faultbook.checks.invariant_checks import InvariantChecks
from faultbook.checks.ports import AloneOnPort, PortsReleased
from faultbook.checks.recovery import FreshServes, FreshStart, ServesAgain
from faultbook.checks.resources import CpuWithin, LogRateWithin
from faultbook.checks.responsiveness import AnswersThroughout, AnswersWithin, RequestsReach
from faultbook.checks.survivors import NoSurvivors
from scenarios.backendai.invariants import MANAGER as MANAGER_INVARIANTS
from scenarios.backendai.spec import DB, ROOT

#: traffic labels
DURING = "during the fault"
BURST = "burst"
LIVENESS_SAMPLES = "liveness"

TOOK_EFFECT = FaultConfirmed()
EXITS = Exits("a manager that cannot start exits")
EXITS_NONZERO = ExitsNonZero("a manager that cannot start exits non-zero")
NO_SURVIVORS_AT_EXIT = NoSurvivors("no process of the manager survives its exit")
NO_SURVIVORS = NoSurvivors("no process of the manager survives", grace=True)
PORTS_RELEASED = PortsReleased("nothing holds the manager's ports after it ended")
STARTS = StartsUnderFault("the manager starts despite the fault")
ALONE_ON_PORT = AloneOnPort("API port held by the manager alone")
REQUESTS_REACH = RequestsReach("every API request reaches the manager", BURST)
CPU = CpuWithin("manager CPU within budget")
LOG_RATE = LogRateWithin("manager log-line rate within budget")
ANSWERS_ROOT = AnswersWithin("API answers GET / during the fault", DURING, ROOT.name)
ANSWERS_DB = AnswersWithin("API answers GET /scaling-groups during the fault", DURING, DB.name)
LIVENESS = AnswersThroughout("liveness endpoint answers throughout the outage", LIVENESS_SAMPLES)
#: the generic invariants, as the manager's spec declares them (every scenario runs them all)
INVARIANTS = InvariantChecks(MANAGER_INVARIANTS)
PLACEHOLDERS = INVARIANTS.placeholders
SERVES_AGAIN = ServesAgain("serves again after the heal")
FRESH_START = FreshStart("a fresh start after the heal succeeds")
FRESH_SERVES = FreshServes("the restarted manager serves a DB-backed request")


def ends_with(label: str) -> EndsWith:
    """The manager ends with exactly ``label``."""
    return EndsWith(f"the manager ends with {label}", label)


def categories(*names: str) -> CategoriesHit:
    """§7.1 categories the fault's lines must hit."""
    return CategoriesHit(*names)
