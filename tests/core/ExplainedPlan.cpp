#include "ExplainedPlan.h"

#include "DatabaseEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

QString PlanRows::describe() const
{
    return QStringLiteral("%1 rows produced, %2 removed by a join filter; plan: %3")
        .arg(produced)
        .arg(joinFiltered)
        .arg(nodes.join(QStringLiteral(" > ")));
}

namespace {

void addNode(const QJsonObject &node, PlanRows *rows)
{
    const qint64 loops = qMax<qint64>(1, node.value(QStringLiteral("Actual Loops")).toInteger());
    rows->produced += node.value(QStringLiteral("Actual Rows")).toInteger() * loops;
    rows->joinFiltered += node.value(QStringLiteral("Rows Removed by Join Filter")).toInteger();
    const QString relation = node.value(QStringLiteral("Relation Name")).toString();
    if (!relation.isEmpty())
        // A probe that found nothing still looked once; per-loop averages below one round to zero.
        rows->read[relation] +=
            qMax<qint64>(1, node.value(QStringLiteral("Actual Rows")).toInteger() +
                                node.value(QStringLiteral("Rows Removed by Filter")).toInteger()) *
            loops;
    QString type = node.value(QStringLiteral("Node Type")).toString();
    const QString join = node.value(QStringLiteral("Join Type")).toString();
    if (!join.isEmpty())
        type += QLatin1Char(' ') + join;
    rows->nodes << type;
    for (const QJsonValue child : node.value(QStringLiteral("Plans")).toArray())
        addNode(child.toObject(), rows);
}

} // namespace

bool explain(QSqlDatabase &db, const QString &sql, const QVariantMap &values, bool generic, PlanRows *rows,
             QString *error)
{
    static const QRegularExpression placeholder(QStringLiteral("(?<![:\\w]):([A-Za-z_]\\w*)"));
    const DatabaseEngine &engine = DatabaseEngine::of(db);
    QStringList names;
    QString positional;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(sql); it.hasNext();) {
        const auto match = it.next();
        const QString name = match.captured(0);
        if (!names.contains(name))
            names << name;
        positional += sql.mid(last, match.capturedStart() - last);
        positional += QStringLiteral("$%1").arg(names.indexOf(name) + 1);
        last = match.capturedEnd();
    }
    positional += sql.mid(last);
    QStringList arguments;
    for (const QString &name : names) {
        if (!values.contains(name)) {
            *error = QStringLiteral("no value for %1").arg(name);
            return false;
        }
        arguments << engine.sqlLiteral(values.value(name), ColumnFamily::Other);
    }
    QSqlQuery q(db);
    const bool ok = q.exec(QStringLiteral("SAVEPOINT explained")) &&
                    q.exec(QStringLiteral("SET LOCAL plan_cache_mode = %1")
                               .arg(generic ? QStringLiteral("force_generic_plan")
                                            : QStringLiteral("force_custom_plan"))) &&
                    q.exec(QStringLiteral("PREPARE explained AS ") + positional) &&
                    q.exec(QStringLiteral("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE explained") +
                           (arguments.isEmpty() ? QString()
                                                : QLatin1Char('(') + arguments.join(QStringLiteral(", ")) +
                                                      QLatin1Char(')'))) &&
                    q.next();
    if (!ok) {
        *error = q.lastError().text() + QStringLiteral(" in: ") + positional;
        return false;
    }
    const QJsonArray plans = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).array();
    addNode(plans.at(0).toObject().value(QStringLiteral("Plan")).toObject(), rows);
    q.finish();
    // The EXPLAIN ANALYZE of an INSERT inserted: undo it, so that every plan sees the same data.
    if (!q.exec(QStringLiteral("ROLLBACK TO SAVEPOINT explained")) ||
        !q.exec(QStringLiteral("DEALLOCATE explained"))) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}
