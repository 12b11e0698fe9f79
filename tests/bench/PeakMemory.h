#pragma once

#include <QtGlobal>

// Resident memory of this process, for the "peak memory" figures of docs/performance.md. Linux only (the
// benchmark's platform): the peak can be restarted per phase, so each figure belongs to the work measured,
// not to whatever the process did before.
class PeakMemory
{
public:
    // Starts a new peak at the current resident size (writes 5 to /proc/self/clear_refs). Returns false when
    // the kernel refuses; peakBytes() is then the peak since the process started.
    static bool reset();
    // VmHWM from /proc/self/status; getrusage's ru_maxrss when that cannot be read.
    static qint64 peakBytes();
    // VmRSS from /proc/self/status, or -1.
    static qint64 currentBytes();
};
