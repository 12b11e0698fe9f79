#include "PeakMemory.h"

#include <QByteArray>
#include <QFile>

#include <sys/resource.h>

namespace {

// The value of one "Name:   1234 kB" line of /proc/self/status, in bytes, or -1.
qint64 statusField(const QByteArray &name)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    // /proc files report a size of 0, so atEnd() is no guide: read until the kernel says EOF.
    const QByteArray text = status.readAll();
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith(QByteArray(name + ':')))
            continue;
        const QList<QByteArray> parts = line.mid(name.size() + 1).simplified().split(' ');
        bool ok = false;
        const qint64 kib = parts.value(0).toLongLong(&ok);
        return ok ? kib * 1024 : -1;
    }
    return -1;
}

} // namespace

bool PeakMemory::reset()
{
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    if (!clearRefs.open(QIODevice::WriteOnly))
        return false;
    // "5" resets the peak resident set size (VmHWM) to the current one (Linux 4.0+, proc(5)).
    return clearRefs.write("5") == 1;
}

qint64 PeakMemory::peakBytes()
{
    const qint64 hwm = statusField("VmHWM");
    if (hwm >= 0)
        return hwm;
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
    return qint64(usage.ru_maxrss) * 1024; // kilobytes on Linux
}

qint64 PeakMemory::currentBytes()
{
    return statusField("VmRSS");
}
