#include "WorkProgress.h"

#include <QProgressDialog>
#include <QPushButton>

QProgressDialog *WorkProgress::show(QWidget *window, const QString &title, const QString &label, int maximum)
{
    auto *progress = new QProgressDialog(label, QString(), 0, maximum, window);
    auto *cancelButton = new QPushButton(QProgressDialog::tr("Cancel"), progress);
    cancelButton->setAccessibleName(QProgressDialog::tr("Cancel"));
    progress->setCancelButton(cancelButton);
    progress->setWindowTitle(title);
    progress->setAccessibleName(QProgressDialog::tr("Progress"));
    progress->setWindowModality(Qt::WindowModal);
    // The work says when it ended; reaching the maximum does not close or reset the dialog.
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(0);
    progress->setValue(0);
    progress->show();
    return progress;
}
