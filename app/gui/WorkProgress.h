#pragma once

#include <QString>

class QProgressDialog;
class QWidget;

// The progress dialog of long work on a worker (creating profiles, exporting): window-modal, shown at once,
// with a named Cancel button, and left open at its maximum until the work reports that it ended.
namespace WorkProgress {

QProgressDialog *show(QWidget *window, const QString &title, const QString &label, int maximum);

} // namespace WorkProgress
