"""The checkers: each judges a batch's whole history after the fact (one module per checker)."""

from faultbook.bmpkit.checkers.accounting import Accounting
from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.bmpkit.checkers.cost import Cost
from faultbook.bmpkit.checkers.invented import NothingInvented
from faultbook.bmpkit.checkers.liveness import Liveness
from faultbook.bmpkit.checkers.logquality import LogQuality
from faultbook.bmpkit.checkers.outage import DependencyOutage
from faultbook.bmpkit.checkers.segmentation import Segmentation
from faultbook.bmpkit.checkers.setup import SetupApplies
from faultbook.bmpkit.checkers.stop import GracefulStop

ACCOUNTING = Accounting()
INVENTED = NothingInvented()
LIVENESS = Liveness()
SEGMENTATION = Segmentation()
COST = Cost()
LOG_QUALITY = LogQuality()
GRACEFUL_STOP = GracefulStop()
DEPENDENCY_OUTAGE = DependencyOutage()
SETUP_APPLIES = SetupApplies()

#: the checkers every batch is judged by
BATCH_CHECKERS: tuple[BmpChecker, ...] = (ACCOUNTING, INVENTED, LIVENESS, SEGMENTATION, COST,
                                          LOG_QUALITY)

__all__ = ["ACCOUNTING", "BATCH_CHECKERS", "COST", "DEPENDENCY_OUTAGE", "GRACEFUL_STOP",
           "INVENTED", "LIVENESS", "LOG_QUALITY", "SEGMENTATION", "SETUP_APPLIES", "BatchEvidence",
           "BmpChecker"]
