#include "GridExporter.h"

#include "Connection.h"
#include "DatabaseSession.h"
#include "DatabaseWorker.h"
#include "EditsScript.h"
#include "ExportDialog.h"
#include "FileDialog.h"
#include "LocaleCount.h"
#include "ProfilesModel.h"
#include "ProfilesPane.h"
#include "UsersModel.h"
#include "UsersPane.h"
#include "WorkProgress.h"

#include <QApplication>
#include <QDir>
#include <QLocale>
#include <QProgressDialog>
#include <QStandardPaths>

#include <algorithm>
#include <limits>

GridExporter::GridExporter(UsersPane *users, ProfilesPane *profiles, QWidget *window)
    : QObject(window)
    , m_users(users)
    , m_profiles(profiles)
    , m_window(window)
    , m_cancelled(std::make_shared<std::atomic<bool>>(false))
{
    // A context menu or a menu takes the focus away for a moment; the grid it belongs to is the last one.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        if (now && m_users->isAncestorOf(now))
            m_profilesLast = false;
        else if (now && m_profiles->isAncestorOf(now))
            m_profilesLast = true;
    });
}

GridExporter::~GridExporter()
{
    cancel();
    m_worker.reset();
}

void GridExporter::setSession(DatabaseSession *session)
{
    cancel();
    m_worker.reset();
    m_session = session;
    if (session)
        m_worker = std::make_unique<DatabaseWorker>(session->url(), QStringLiteral("export"));
}

void GridExporter::cancel()
{
    m_cancelled->store(true);
}

void GridExporter::exportFocusedGrid()
{
    if (m_profilesLast)
        exportProfiles();
    else
        exportUsers();
}

void GridExporter::exportUsers()
{
    const UsersModel *model = m_users->model();
    if (!m_session || !model || m_running)
        return;
    run(tr("users"), GridExport::ofUsers(model->query()), model->isTotalKnown() ? model->matchCount() : -1,
        m_users->selectedRowRanges(), QString());
}

void GridExporter::exportProfiles()
{
    const ProfilesModel *model = m_profiles->model();
    if (!m_session || !model || m_running)
        return;
    run(tr("profiles"), GridExport::ofProfiles(model->query()), model->totalRows(),
        m_profiles->selectedRowRanges(),
        model->isDirty() ? tr("Edits not saved yet are not exported: the file holds what the database holds.")
                         : QString());
}

void GridExporter::run(const QString &gridName, const GridExport::Source &source, qint64 total,
                       const QList<std::pair<qint64, qint64>> &selection, const QString &note)
{
    const qint64 selected = GridExport::rowsIn(selection);
    ExportDialog dialog(gridName, total, selected, m_window);
    dialog.setNote(note);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString fileName = FileDialog::getSaveFileName(m_window, tr("Export %1 to CSV").arg(gridName),
                                                         suggestedPath(gridName + QStringLiteral(".csv")),
                                                         tr("CSV files (*.csv);;All files (*)"));
    if (fileName.isEmpty())
        return;
    GridExport::Options options;
    options.headerRow = dialog.headerRow();
    options.byteOrderMark = dialog.byteOrderMark();
    if (dialog.selectedOnly())
        options.rows = selection;
    m_expected = dialog.selectedOnly() ? selected : total;
    m_fileName = fileName;

    m_cancelled->store(false);
    setRunning(true);
    m_progress = WorkProgress::show(
        m_window, tr("Export %1").arg(gridName),
        m_expected >= 0
            ? tr("Exporting %1 rows to %2…").arg(localeCount(m_expected), QDir::toNativeSeparators(fileName))
            : tr("Exporting to %1…").arg(QDir::toNativeSeparators(fileName)),
        int(std::max<qint64>(0, std::min<qint64>(m_expected, std::numeric_limits<int>::max()))));
    connect(m_progress, &QProgressDialog::canceled, this, [this] {
        cancel();
        m_progress->setLabelText(tr("Cancelling: no file is written…"));
    });

    m_worker->runReporting<Step>(
        this,
        [source, options, fileName, cancelled = m_cancelled](Connection &connection,
                                                             const DatabaseWorker::Report<Step> &report) {
            Step last;
            last.last = true;
            if (!connection.isOpen()) {
                last.result.error = connection.errorText();
            } else {
                last.result = GridExport::write(connection.database(), source, options, fileName, *cancelled,
                                                [&report](qint64 written) {
                                                    Step progress;
                                                    progress.written = written;
                                                    report(progress);
                                                });
            }
            report(last);
        },
        [this](const Step &reported) { step(reported); });
}

void GridExporter::step(const Step &step)
{
    if (!step.last) {
        if (m_progress && !m_cancelled->load() && m_progress->maximum() > 0)
            m_progress->setValue(int(std::min<qint64>(step.written, m_progress->maximum())));
        return;
    }
    if (m_progress) {
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    setRunning(false);
    const GridExport::Result &result = step.result;
    const QString file = QDir::toNativeSeparators(m_fileName);
    if (result.cancelled)
        Q_EMIT statusMessage(tr("Export cancelled: %1 was not written.").arg(file));
    else if (!result.error.isEmpty())
        Q_EMIT errorOccurred(tr("Export failed"), tr("%1 Nothing was written.").arg(result.error));
    else
        Q_EMIT statusMessage(result.rows == 1
                                 ? tr("Exported 1 row to %1.").arg(file)
                                 : tr("Exported %1 rows to %2.").arg(localeCount(result.rows), file));
}

void GridExporter::saveEditsAsSql()
{
    const ProfilesModel *model = m_profiles->model();
    if (!m_session || !model || !model->isDirty())
        return;
    // A script must hold only values the database can take, as a save does.
    if (model->hasInvalidEdits()) {
        const QModelIndex cell = model->firstInvalidCell();
        Q_EMIT errorOccurred(tr("Edits not saved as SQL"),
                             tr("Profile %1 holds “%2” in %3, which cannot be saved: %4 Correct or revert it "
                                "first.")
                                 .arg(cell.data(ProfilesModel::ProfileKeyRole).toString(),
                                      cell.data(Qt::EditRole).toString(),
                                      model->headerData(cell.column(), Qt::Horizontal).toString(),
                                      cell.data(ProfilesModel::InvalidReasonRole).toString()));
        return;
    }
    const QList<ProfileSaver::RowEdit> edits = model->pendingEdits();
    const QString fileName = FileDialog::getSaveFileName(m_window, tr("Save edits as SQL"),
                                                         suggestedPath(QStringLiteral("profile-edits.sql")),
                                                         tr("SQL scripts (*.sql);;All files (*)"));
    if (fileName.isEmpty())
        return;
    const EditsScript script(model->query(), m_session->connection().engine());
    QString error;
    if (!script.save(fileName, edits, m_session->url().toStorableString(), &error)) {
        Q_EMIT errorOccurred(tr("Edits not saved as SQL"), error);
        return;
    }
    Q_EMIT statusMessage(tr("Wrote the edits of %n profile(s) to %1; they stay here until saved or reverted.",
                            nullptr, int(edits.size()))
                             .arg(QDir::toNativeSeparators(fileName)));
}

void GridExporter::setRunning(bool running)
{
    m_running = running;
    Q_EMIT runningChanged(running);
}

QString GridExporter::suggestedPath(const QString &fileName) const
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(fileName);
}
