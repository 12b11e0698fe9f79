#include "ProfileCreation.h"

#include "CreateMissingDialog.h"
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "DatabaseWorker.h"
#include "DjangoProcess.h"
#include "FillPlan.h"
#include "LocaleCount.h"
#include "MissingProfileFixer.h"
#include "ProfileCreationRunner.h"
#include "WorkProgress.h"

#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>

#include <algorithm>

ProfileCreation::ProfileCreation(const QMap<QString, QString> &fillValues, QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_fillValues(fillValues)
    , m_runner(new ProfileCreationRunner(this))
{
    connect(m_runner, &ProfileCreationRunner::progress, this, &ProfileCreation::progressed);
    connect(m_runner, &ProfileCreationRunner::onlineProgress, this, &ProfileCreation::onlineProgressed);
    connect(m_runner, &ProfileCreationRunner::finished, this, &ProfileCreation::finished);
}

ProfileCreation::~ProfileCreation()
{
    cancel();
}

void ProfileCreation::setSession(DatabaseSession *session)
{
    // The old writer waits for its job (there is none: a session changes only while nothing runs) and closes
    // its connection; a new one opens on the next run.
    m_writer.reset();
    m_session = session;
    if (m_django && session && session->url().toStorableString() != m_django->database().toStorableString())
        m_django.reset();
    if (session)
        m_writer = std::make_unique<DatabaseWorker>(session->url(), QStringLiteral("writer"));
}

void ProfileCreation::cancel()
{
    m_runner->cancel();
    if (m_djangoProcess)
        m_djangoProcess->cancel();
}

void ProfileCreation::setDjangoProject(const DjangoProject &project)
{
    m_django = project;
}

const DjangoModel *ProfileCreation::djangoModelFor(const ProfileSchema &table) const
{
    if (!m_django || !m_session)
        return nullptr;
    return m_django->modelFor(table.profileTable, table.linkColumn);
}

void ProfileCreation::createViaDjango(qint64 missing, const QList<ProfileSchema> &tables)
{
    QStringList models;
    QMap<QString, QMap<QString, QString>> values;
    for (const ProfileSchema &table : tables) {
        const DjangoModel *model = djangoModelFor(table);
        models.append(model->table);
        values.insert(model->table, valuesFor(table));
    }
    m_runTables.clear();
    for (const ProfileSchema &table : tables)
        m_runTables.append(table.profileTable.display());
    m_djangoTables = models;
    setRunning(true);
    m_progress = WorkProgress::show(
        m_window, tr("Create missing profiles"),
        tr("Creating %1 missing profiles through Django…").arg(localeCount(missing)), 1000);
    m_djangoProcess = new DjangoProcess(m_django->managePy(), m_django->interpreter(), this);
    connect(m_djangoProcess, &DjangoProcess::progress, this,
            [this](const QString &, qint64 done, qint64 total) { progressed(done, total); });
    connect(m_djangoProcess, &DjangoProcess::finished, this, &ProfileCreation::djangoFinished);
    connect(m_progress, &QProgressDialog::canceled, this, [this] {
        if (m_djangoProcess)
            m_djangoProcess->cancel();
        m_progress->setLabelText(tr("Cancelling: everything is rolled back…"));
    });
    m_djangoProcess->startCreate(models, values, m_session->url().password());
}

void ProfileCreation::djangoFinished(const DjangoCreateResult &django)
{
    m_djangoProcess->deleteLater();
    m_djangoProcess = nullptr;
    FixResult result;
    result.ok = django.ok;
    result.cancelled = django.cancelled;
    result.created = django.created;
    // In the order of m_runTables, as the message after the run reads them.
    for (const QString &table : std::as_const(m_djangoTables))
        result.createdByTable.append(django.createdByTable.value(table));
    result.seconds = django.seconds;
    result.errorText = django.errorText;
    missingCreated(result);
}

QMap<QString, QString> ProfileCreation::valuesFor(const ProfileSchema &table) const
{
    const QString name = table.profileTable.display();
    if (m_chosenValues.contains(name))
        return m_chosenValues.value(name);
    const bool primary = m_session && m_session->schema().profileTable == table.profileTable;
    QMap<QString, QString> values;
    for (auto it = m_fillValues.cbegin(); it != m_fillValues.cend(); ++it) {
        const qsizetype dot = it.key().lastIndexOf(QLatin1Char('.'));
        if (dot < 0 && primary)
            values.insert(it.key(), it.value());
        const QString tableText = it.key().left(dot);
        if (dot >= 0 && (tableText == name || tableText == table.profileTable.name))
            values.insert(it.key().mid(dot + 1), it.value());
    }
    return values;
}

bool ProfileCreation::severalTables() const
{
    return m_session && m_session->profiles().size() > 1;
}

void ProfileCreation::createMissing(const QList<qint64> &missingByTable)
{
    if (!m_session || m_running)
        return;
    QList<CreateMissingDialog::Table> tables;
    qint64 missing = 0;
    for (qsizetype i = 0; i < m_session->profiles().size(); ++i) {
        const ProfileSchema &schema = m_session->profiles().at(i);
        const qint64 lacking = std::max<qint64>(0, missingByTable.value(i, 0));
        missing += lacking;
        tables.append({schema, lacking, valuesFor(schema)});
    }
    if (missing <= 0)
        return;
    CreateMissingDialog dialog(m_session->database(), tables, m_window);
    if (m_django) {
        QList<const DjangoModel *> models;
        for (const CreateMissingDialog::Table &table : tables)
            models.append(djangoModelFor(table.schema));
        dialog.setDjangoModels(models);
    }
    if (dialog.exec() != QDialog::Accepted)
        return;
    QList<ProfileSchema> schemas;
    QList<FillPlan> plans;
    m_runTables.clear();
    for (qsizetype i = 0; i < tables.size(); ++i)
        m_chosenValues.insert(tables.at(i).schema.profileTable.display(), dialog.overrides(int(i)));
    for (const int table : dialog.chosenTables()) {
        schemas.append(tables.at(table).schema);
        plans.append(dialog.plan(table));
        m_runTables.append(tables.at(table).schema.profileTable.display());
    }
    if (dialog.viaDjango()) {
        createViaDjango(dialog.chosenCount(), schemas);
        return;
    }

    m_running = true;
    m_online = dialog.online();
    m_progress = WorkProgress::show(
        m_window, tr("Create missing profiles"),
        m_online ? tr("Creating %1 missing profiles in committed batches of %2…")
                       .arg(localeCount(dialog.chosenCount()), localeCount(dialog.onlineOptions().batchSize))
                 : tr("Creating %1 missing profiles…").arg(localeCount(dialog.chosenCount())),
        1000);
    connect(m_progress, &QProgressDialog::canceled, this, [this] {
        m_runner->cancel();
        m_progress->setLabelText(m_online ? tr("Cancelling: the batches committed so far stay…")
                                          : tr("Cancelling: everything is rolled back…"));
    });
    Q_EMIT runningChanged(true);
    if (m_online)
        m_runner->createMissingOnline(*m_writer, schemas, plans, dialog.onlineOptions());
    else
        m_runner->createMissing(*m_writer, schemas, plans);
}

QList<int> ProfileCreation::lackingTables(const QList<qint64> &lackingByTable) const
{
    QList<int> tables;
    if (!m_session)
        return tables;
    for (int i = 0; i < int(m_session->profiles().size()); ++i) {
        if (lackingByTable.value(i) > 0)
            tables.append(i);
    }
    return tables;
}

bool ProfileCreation::chooseTablesFor(qint64 users, const QList<int> &tables,
                                      const QList<qint64> &lackingByTable, QList<ProfileSchema> *schemas,
                                      QList<FillPlan> *plans)
{
    QList<CreateMissingDialog::Table> offered;
    for (const int table : tables) {
        const ProfileSchema &schema = m_session->profiles().at(table);
        offered.append({schema, lackingByTable.value(table), valuesFor(schema)});
    }
    CreateMissingDialog dialog(m_session->database(), offered, m_window);
    dialog.setWindowTitle(tr("Create profile"));
    if (m_django) {
        QList<const DjangoModel *> models;
        for (const CreateMissingDialog::Table &table : offered)
            models.append(djangoModelFor(table.schema));
        dialog.setDjangoModels(models);
    }
    dialog.setSelectedUsers(users);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    for (qsizetype i = 0; i < offered.size(); ++i)
        m_chosenValues.insert(offered.at(i).schema.profileTable.display(), dialog.overrides(int(i)));
    for (const int chosen : dialog.chosenTables()) {
        schemas->append(offered.at(chosen).schema);
        plans->append(dialog.plan(chosen));
    }
    return true;
}

void ProfileCreation::createFor(const QVariantList &userKeys, const QList<qint64> &lackingByTable)
{
    if (!m_session || m_running || userKeys.isEmpty())
        return;
    const QList<int> tables = lackingTables(lackingByTable);
    QList<ProfileSchema> schemas;
    QList<FillPlan> plans;
    if (tables.size() > 1) {
        if (!chooseTablesFor(userKeys.size(), tables, lackingByTable, &schemas, &plans))
            return;
    } else if (tables.size() == 1) {
        const ProfileSchema &table = m_session->profiles().at(tables.first());
        const FillPlan plan = FillPlan::build(table, DatabaseEngine::of(m_session->database()),
                                              valuesFor(table), djangoModelFor(table));
        if (!plan.isValid()) {
            Q_EMIT errorOccurred(
                tr("Profiles not created"),
                tr("%1 Choose the values with \"Create missing profiles…\".").arg(plan.errorText()));
            return;
        }
        schemas.append(table);
        plans.append(plan);
    }
    if (schemas.isEmpty())
        return;
    m_runTables.clear();
    for (const ProfileSchema &schema : std::as_const(schemas))
        m_runTables.append(schema.profileTable.display());
    setRunning(true);
    Q_EMIT statusMessage(tr("Creating profiles…"));
    m_runner->createFor(*m_writer, schemas, plans, userKeys);
}

bool ProfileCreation::confirmCreateFor(const QString &userName, const QList<qint64> &lackingByTable)
{
    if (!m_session || m_running)
        return false;
    const QList<int> tables = lackingTables(lackingByTable);
    if (tables.size() != 1)
        return tables.size() > 1;
    const ProfileSchema &table = m_session->profiles().at(tables.first());
    // With several profile tables, the question names the one the user lacks.
    const QString question =
        severalTables()
            ? tr("%1 has no profile in %2 yet. Create one there with the values new profiles get?")
                  .arg(userName, table.profileTable.display())
            : tr("%1 has no profile yet. Create one with the values new profiles get?").arg(userName);
    QMessageBox box(QMessageBox::Question, tr("Create profile"), question, QMessageBox::NoButton, m_window);
    box.setInformativeText(tr("Until then, every page of the site that reads user.profile fails for them."));
    QPushButton *create = box.addButton(tr("Create profile"), QMessageBox::AcceptRole);
    create->setAccessibleName(tr("Create profile"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    box.setDefaultButton(create);
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == create;
}

QString ProfileCreation::durationText(double seconds)
{
    // Rounded to hundredths, a fast run would read "0.00 s", as if nothing had happened.
    if (seconds < 0.01)
        return tr("less than 0.01 s");
    return tr("%1 s").arg(QLocale().toString(seconds, 'f', 2));
}

void ProfileCreation::progressed(qint64 done, qint64 total)
{
    if (m_progress && total > 0)
        m_progress->setValue(int(done * 1000 / total));
}

void ProfileCreation::finished(const FixResult &result)
{
    if (m_runner->userKeys().isEmpty())
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
    if (m_online) {
        m_online = false;
        onlineRunEnded(result);
    } else if (result.cancelled) {
        Q_EMIT statusMessage(tr("Cancelled: no profile was created, the database is as it was."));
    } else if (!result.ok) {
        Q_EMIT errorOccurred(tr("Profiles not created"), result.errorText);
    } else {
        const QString duration = durationText(result.seconds);
        QString created = result.created == 1
                              ? tr("Created 1 profile in %1").arg(duration)
                              : tr("Created %1 profiles in %2").arg(localeCount(result.created), duration);
        // Several tables: how many each one got.
        if (m_runTables.size() > 1) {
            QStringList perTable;
            for (qsizetype i = 0; i < m_runTables.size(); ++i)
                perTable
                    << tr("%1 in %2").arg(localeCount(result.createdByTable.value(i)), m_runTables.at(i));
            created += tr(" (%1)").arg(perTable.join(QStringLiteral(", ")));
        }
        Q_EMIT statusMessage(created);
    }
    // The profiles were settled before the run, so reading them again loses nothing.
    Q_EMIT missingRunEnded();
}

void ProfileCreation::createdForUsers(const FixResult &result)
{
    const QVariant first = m_runner->userKeys().value(0);
    setRunning(false);
    if (!result.ok) {
        Q_EMIT errorOccurred(tr("Profiles not created"), result.errorText);
        return;
    }
    QString created = result.created == 1 ? tr("Created 1 profile")
                                          : tr("Created %1 profiles").arg(localeCount(result.created));
    if (m_runTables.size() > 1) {
        // Several tables: how many each one got, as after "Create missing profiles".
        QStringList perTable;
        for (qsizetype i = 0; i < m_runTables.size(); ++i)
            perTable << tr("%1 in %2").arg(localeCount(result.createdByTable.value(i)), m_runTables.at(i));
        created += tr(" (%1).").arg(perTable.join(QStringLiteral(", ")));
    } else {
        created =
            severalTables() ? tr("%1 in %2.").arg(created, m_runTables.value(0)) : created + QLatin1Char('.');
    }
    Q_EMIT statusMessage(created);
    Q_EMIT createdFor(first);
}

void ProfileCreation::setRunning(bool running)
{
    m_running = running;
    Q_EMIT runningChanged(running);
}
