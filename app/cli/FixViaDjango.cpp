#include "FixCommand.h"

#include "DjangoProcess.h"
#include "SchemaCommand.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

int FixCommand::runViaDjango(DatabaseSession &session, const QList<TablePlan> &tables)
{
    if (!django())
        return fail(QStringLiteral("--via-django needs the project: add --django PATH/manage.py."));
    if (isSet(QStringLiteral("dry-run")))
        return fail(QStringLiteral("--via-django writes through the project's ORM, which has no dry run; "
                                   "leave out --via-django to see the SQL plan."));

    QStringList tableNames;
    QMap<QString, QMap<QString, QString>> values;
    QList<ProfileSchema> schemas;
    for (const TablePlan &table : tables)
        schemas.append(table.schema);
    QList<qint64> missingBefore;
    qint64 totalMissing = 0;
    for (const TablePlan &table : tables) {
        const DjangoModel *model = django()->modelFor(table.schema.profileTable, table.schema.linkColumn);
        if (!model)
            return fail(
                QStringLiteral("The profile table %1 has no model in the Django project (no model "
                               "with a OneToOneField to %2 keeps its rows there); nothing was written.")
                    .arg(table.schema.profileTable.display(), django()->userModel()));
        tableNames << model->table;
        QString error;
        const QMap<QString, QString> assigned =
            SharedOptions::fillValuesFor(sharedOptions().fillValues, schemas, table.schema, &error);
        if (!error.isEmpty())
            return fail(error);
        for (auto it = assigned.cbegin(); it != assigned.cend(); ++it) {
            if (!model->field(it.key()))
                return fail(QStringLiteral("The model %1 has no field stored in column \"%2\" (given with "
                                           "--set).")
                                .arg(model->label(), it.key()));
        }
        values.insert(model->table, assigned);
        const ProfileCounts counts =
            MissingProfileFixer(session.database(), table.schema, table.plan).counts(&error);
        if (!error.isEmpty())
            return fail(error);
        missingBefore.append(counts.missing);
        totalMissing += counts.missing;
    }

    const auto countsAfter = [&](QList<qint64> *missing) {
        for (const TablePlan &table : tables) {
            QString error;
            const ProfileCounts after =
                MissingProfileFixer(session.database(), table.schema, table.plan).counts(&error);
            if (!error.isEmpty())
                return error;
            missing->append(after.missing);
        }
        return QString();
    };
    const auto report = [&](const DjangoCreateResult &result, const QList<qint64> &missingAfter) {
        QJsonArray perTable;
        qint64 remaining = 0;
        for (qsizetype i = 0; i < tables.size(); ++i) {
            remaining += missingAfter.at(i);
            perTable.append(
                QJsonObject{{QStringLiteral("profile_table"), tables.at(i).schema.profileTable.display()},
                            {QStringLiteral("link_column"), tables.at(i).schema.linkColumn},
                            {QStringLiteral("missing_before"), missingBefore.at(i)},
                            {QStringLiteral("created"), result.createdByTable.value(tableNames.at(i))},
                            {QStringLiteral("missing_after"), missingAfter.at(i)}});
        }
        if (json()) {
            QJsonObject object = perTable.first().toObject();
            object.insert(QStringLiteral("created"), result.created);
            object.insert(QStringLiteral("seconds"), result.seconds);
            object.insert(QStringLiteral("user_table"), tables.first().schema.userTable.display());
            object.insert(QStringLiteral("via"), QStringLiteral("django"));
            object.insert(QStringLiteral("tables"), perTable);
            printJson(object);
        }
        QList<qint64> createdByTable;
        for (const QString &name : tableNames)
            createdByTable << result.createdByTable.value(name);
        human() << "Created " << formatCount(result.created) << " profiles ("
                << tableList(tables, createdByTable) << ") through Django in one transaction in "
                << QString::number(result.seconds, 'f', 2) << " s; " << formatCount(remaining)
                << " missing profiles remain." << Qt::endl;
    };

    if (totalMissing == 0) {
        DjangoCreateResult nothing;
        nothing.ok = true;
        report(nothing, missingBefore);
        return Success;
    }
    if (const std::optional<int> refused = refuseWithoutWriteAccess(session, schemas))
        return *refused;
    if (!isSet(QStringLiteral("yes"))) {
        if (!m_io.interactive)
            return fail(
                QStringLiteral("Not writing without confirmation: no terminal to ask on. Pass --yes to "
                               "create %1 profiles through Django.")
                    .arg(formatCount(totalMissing)));
        if (!confirm(tables, missingBefore)) {
            m_io.err << "Nothing written." << Qt::endl;
            return Success;
        }
    }

    DjangoProcess process(django()->managePy(), django()->interpreter());
    QElapsedTimer lastReport;
    lastReport.start();
    QObject::connect(&process, &DjangoProcess::progress, &process,
                     [&](const QString &table, qint64 done, qint64 total) {
                         if (m_io.interactive && lastReport.elapsed() > 250) {
                             m_io.err << "\r" << table << ": " << formatCount(done) << " of "
                                      << formatCount(total) << Qt::flush;
                             lastReport.restart();
                         }
                     });
    const DjangoCreateResult result = process.createNow(tableNames, values, session.url().password());
    if (m_io.interactive)
        m_io.err << "\r" << QString(60, QLatin1Char(' ')) << "\r" << Qt::flush;
    if (result.cancelled)
        return fail(QStringLiteral("The Django process was stopped before it was done; its transaction "
                                   "rolled back and nothing was written."));
    if (!result.ok)
        return fail(result.errorText);
    QList<qint64> missingAfter;
    const QString error = countsAfter(&missingAfter);
    if (!error.isEmpty())
        return fail(
            QStringLiteral("The profiles were created, but counting afterwards failed: %1").arg(error));
    report(result, missingAfter);
    return Success;
}
