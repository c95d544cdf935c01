"""An evening without internet: its data carried from the laptop to the central database as one
bundle file (`format`: versioned, checksummed; `exporting`; `merging`: stored once, conflicts
reported). The address tablets open on the local network is `ruralites.network`."""

from ruralites.offline.exporting import export_bundle, file_name
from ruralites.offline.format import FORMAT, SUFFIX, VERSION, BundleError
from ruralites.offline.merging import Difference, ImportReport, describe, import_bundle

__all__ = ["FORMAT", "SUFFIX", "VERSION", "BundleError", "Difference", "ImportReport",
           "describe", "export_bundle", "file_name", "import_bundle"]
