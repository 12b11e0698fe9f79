#include "ProfileCreation.h"

#include "CreateMissingDialog.h"
#include "DatabaseSession.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"

#include <QLocale>
#include <QProgressDialog>
#include <QPushButton>

namespace {

QString count(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

ProfileCreation::ProfileCreation(const QMap<QString, QString> &fillValues, QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_fillValues(fillValues)
{}

ProfileCreation::~ProfileCreation()
{
    cancel();
}

void ProfileCreation::setSession(DatabaseSession *session)
{
    m_session = session;
}

void ProfileCreation::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ProfileCreation::createMissing(qint64 missing)
{
    if (!m_session || m_running || missing <= 0)
        return;
    CreateMissingDialog dialog(m_session->database(), m_session->schema(), m_fillValues, missing, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_fillValues = dialog.overrides();

    m_running = true;
    m_progress = new QProgressDialog(tr("Creating %1 missing profiles…").arg(count(missing)), QString(), 0,
                                     1000, m_window);
    auto *cancelButton = new QPushButton(tr("Cancel"), m_progress);
    cancelButton->setAccessibleName(tr("Cancel"));
    m_progress->setCancelButton(cancelButton);
    m_progress->setWindowTitle(tr("Create missing profiles"));
    m_progress->setAccessibleName(tr("Progress"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(0);
    m_progress->setValue(0);
    m_progress->show();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    connect(m_progress, &QProgressDialog::canceled, this, [this] {
        m_cancel->store(true);
        m_progress->setLabelText(tr("Cancelling: everything is rolled back…"));
    });
    Q_EMIT runningChanged(true);
    runOnWriter(dialog.plan(), {});
}

void ProfileCreation::createFor(const QVariantList &userKeys)
{
    if (!m_session || m_running || userKeys.isEmpty())
        return;
    const FillPlan plan = FillPlan::build(m_session->schema(), m_session->database(), m_fillValues);
    if (!plan.isValid()) {
        Q_EMIT errorOccurred(
            tr("Profiles not created"),
            tr("%1 Choose the values with \"Create missing profiles…\".").arg(plan.errorText()));
        return;
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    setRunning(true);
    Q_EMIT statusMessage(tr("Creating profiles…"));
    runOnWriter(plan, userKeys);
}

void ProfileCreation::runOnWriter(const FillPlan &plan, const QVariantList &userKeys)
{
    m_userKeys = userKeys;
    m_session->writer().post(
        [this, schema = m_session->schema(), plan, userKeys, cancel = m_cancel](Connection &connection) {
            FixResult result;
            if (!connection.isOpen()) {
                result.errorText = connection.errorText();
            } else if (!userKeys.isEmpty()) {
                result = MissingProfileFixer(connection.database(), schema, plan).createFor(userKeys);
            } else {
                result =
                    MissingProfileFixer(connection.database(), schema, plan)
                        .createMissing([this, cancel](qint64 done, qint64 total) {
                            QMetaObject::invokeMethod(
                                this, [this, done, total] { progressed(done, total); }, Qt::QueuedConnection);
                            return !cancel->load();
                        });
            }
            QMetaObject::invokeMethod(
                this, [this, result] { finished(result); }, Qt::QueuedConnection);
        });
}

void ProfileCreation::progressed(qint64 done, qint64 total)
{
    if (m_progress && total > 0 && !m_cancel->load())
        m_progress->setValue(int(done * 1000 / total));
}

void ProfileCreation::finished(const FixResult &result)
{
    if (m_userKeys.isEmpty())
        missingCreated(result);
    else
        createdForUsers(result);
}

void ProfileCreation::missingCreated(const FixResult &result)
{
    if (m_progress) {
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    setRunning(false);
    if (result.cancelled) {
        Q_EMIT statusMessage(tr("Cancelled: no profile was created, the database is as it was."));
    } else if (!result.ok) {
        Q_EMIT errorOccurred(tr("Profiles not created"), result.errorText);
    } else {
        const QString seconds = QLocale().toString(result.seconds, 'f', 2);
        Q_EMIT statusMessage(result.created == 1
                                 ? tr("Created 1 profile in %1 s").arg(seconds)
                                 : tr("Created %1 profiles in %2 s").arg(count(result.created), seconds));
    }
    // The profiles were settled before the run, so reading them again loses nothing.
    Q_EMIT missingRunEnded();
}

void ProfileCreation::createdForUsers(const FixResult &result)
{
    const QVariant first = m_userKeys.first();
    m_userKeys.clear();
    setRunning(false);
    if (!result.ok) {
        Q_EMIT errorOccurred(tr("Profiles not created"), result.errorText);
        return;
    }
    Q_EMIT statusMessage(result.created == 1 ? tr("Created 1 profile.")
                                             : tr("Created %1 profiles.").arg(count(result.created)));
    Q_EMIT createdFor(first);
}

void ProfileCreation::setRunning(bool running)
{
    m_running = running;
    Q_EMIT runningChanged(running);
}
