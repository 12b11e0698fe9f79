#include "MissingProfileFixer.h"

#include "Connection.h"
#include "DatabaseEngine.h"
#include "SqlFailure.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QStringList>

namespace {

QString placeholder(int index)
{
    return QStringLiteral(":v%1").arg(index);
}

// Users per IN (...) list when creating profiles for chosen users: well under SQLite's 32766 bound variables.
constexpr int KeysPerStatement = 500;

} // namespace

MissingProfileFixer::MissingProfileFixer(const QSqlDatabase &db, const ProfileSchema &schema,
                                         const FillPlan &plan)
    : m_db(db)
    , m_schema(schema)
    , m_plan(plan)
    , m_engine(&DatabaseEngine::of(db))
{}

QString MissingProfileFixer::quoted(const QString &identifier) const
{
    return m_engine->quoteIdentifier(identifier);
}

QString MissingProfileFixer::quoted(const TableName &table) const
{
    return m_engine->quoteTable(table);
}

QString MissingProfileFixer::missingCondition(const QString &profileRange) const
{
    return QStringLiteral("NOT EXISTS (SELECT 1 FROM %1 p WHERE p.%2 = u.%3%4)")
        .arg(quoted(m_schema.profileTable), quoted(m_schema.linkColumn), quoted(m_schema.userKey),
             profileRange);
}

QString MissingProfileFixer::insertHead() const
{
    QStringList columns;
    for (const auto &fill : m_plan.columns()) {
        if (fill.kind != ColumnFill::Kind::DatabaseDefault && fill.kind != ColumnFill::Kind::ModelOnly)
            columns << quoted(fill.column);
    }
    return QStringLiteral("INSERT INTO %1 (%2)")
        .arg(quoted(m_schema.profileTable), columns.join(QStringLiteral(", ")));
}

QString MissingProfileFixer::insertValues(ValueForm form, QString *error) const
{
    QStringList values;
    int index = 0;
    for (const auto &fill : m_plan.columns()) {
        switch (fill.kind) {
        case ColumnFill::Kind::DatabaseDefault:
            continue;
        case ColumnFill::Kind::Link:
            values << QStringLiteral("u.") + quoted(m_schema.userKey);
            break;
        case ColumnFill::Kind::Null:
            values << QStringLiteral("NULL");
            break;
        case ColumnFill::Kind::Expression:
            values << fill.expression;
            break;
        case ColumnFill::Kind::ModelOnly: // never in a valid plan, which is all the fixer is given
            continue;
        case ColumnFill::Kind::Value: {
            const QString value = form == ValueForm::ForPeople ? fill.displayValue()
                                  : form == ValueForm::Bound
                                      ? placeholder(index)
                                      : m_engine->sqlLiteral(fill.value, fill.family, error);
            if (value.isEmpty())
                return {};
            // Some engines cannot infer a parameter's type inside a SELECT list; the type comes from the
            // catalog.
            values << m_engine->castParameter(value, fill.sqlType);
            break;
        }
        }
        ++index;
    }
    return values.join(QStringLiteral(", "));
}

QString MissingProfileFixer::statement(const QString &values, const QString &range,
                                       const QString &profileRange) const
{
    // SQLite needs the WHERE clause to tell ON CONFLICT from a join constraint; there always is one.
    return insertHead() + QStringLiteral("\nSELECT %1\nFROM %2 u\nWHERE %3%4\n%5")
                              .arg(values, quoted(m_schema.userTable), range, missingCondition(profileRange),
                                   m_engine->conflictGuard(quoted(m_schema.linkColumn)).trimmed());
}

QString MissingProfileFixer::keyRange() const
{
    return QStringLiteral("u.%1 >= :lo AND u.%1 < :hi AND ").arg(quoted(m_schema.userKey));
}

QString MissingProfileFixer::profileKeyRange() const
{
    // Implied by p.link = u.key and the user range, but PostgreSQL's planner does not carry inequalities
    // across an equality. Without it, the per-batch plan merge-joins against the link index from its very
    // first entry (quadratic over the batches) or probes that index once per user; with it, both index scans
    // cover just the batch's range (1,000,000 users: ~2.0 s instead of ~2.8 s of INSERT time, see
    // tests/bench). The same range would let a planner without statistics rescan it once per user, which
    // beginKeyRangeBatches() rules out.
    return QStringLiteral(" AND p.%1 >= :lo AND p.%1 < :hi").arg(quoted(m_schema.linkColumn));
}

QString MissingProfileFixer::insertStatement() const
{
    return statement(insertValues(ValueForm::Bound), keyRange(), profileKeyRange());
}

QString MissingProfileFixer::previewSql() const
{
    return statement(insertValues(ValueForm::ForPeople), QString());
}

QString MissingProfileFixer::literalStatement(QString *error) const
{
    const QString values = insertValues(ValueForm::Literal, error);
    return values.isEmpty() ? QString() : statement(values, QString());
}

QVariantMap MissingProfileFixer::planValues() const
{
    QVariantMap values;
    int index = 0;
    for (const auto &fill : m_plan.columns()) {
        if (fill.kind == ColumnFill::Kind::DatabaseDefault)
            continue;
        if (fill.kind == ColumnFill::Kind::Value)
            values.insert(placeholder(index), fill.value);
        ++index;
    }
    return values;
}

void MissingProfileFixer::bindPlanValues(QSqlQuery &query) const
{
    const QVariantMap values = planValues();
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        query.bindValue(it.key(), it.value());
}

bool MissingProfileFixer::begin(QSqlQuery &query) const
{
    // The engine takes the write lock up front where it can, and checks foreign keys per statement, so the
    // work happens inside the batches that progress and cancel cover.
    return m_engine->beginBulkInsert(query);
}

bool MissingProfileFixer::beginKeyRangeBatches(QSqlQuery &control) const
{
    return begin(control) && m_engine->prepareKeyRangeBatches(control);
}

FixResult MissingProfileFixer::fail(QSqlQuery &control, const QString &what, const QSqlError &error) const
{
    SqlFailure failure(error, *m_engine);
    // On a server a ROLLBACK that fails too means the connection is gone, even when the first error carried
    // no code (the socket just closed); SQLite may have rolled back by itself, so there it says nothing. A
    // driver that has closed its side already would only warn on a ROLLBACK.
    const bool mayBeLost = m_engine->rollbackFailureMeansLost();
    if (mayBeLost && !m_db.isOpen())
        failure.setConnectionLost();
    else if (!control.exec(QStringLiteral("ROLLBACK")) && mayBeLost)
        failure.setConnectionLost();
    FixResult result;
    QString doing = what;
    doing[0] = doing.at(0).toLower();
    switch (failure.kind()) {
    case SqlFailure::Kind::ConnectionLost: {
        // Only libpq's first sentence: the rest is its boilerplate about abnormal termination. A socket
        // that just closed may leave the driver with nothing to say.
        const QString reason = failure.message().section(QStringLiteral("; "), 0, 0).trimmed();
        result.errorText =
            QStringLiteral("The connection to the database was lost while %1%2, so nothing was "
                           "written: the server rolls back an unfinished transaction. Check that "
                           "the server is running, then run the command again.")
                .arg(doing, reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(reason));
        break;
    }
    case SqlFailure::Kind::Busy:
        result.errorText =
            QStringLiteral("%1 failed, nothing was written: another program kept the SQLite "
                           "database locked for the whole busy timeout of %2 s (%3). Try again "
                           "when it has finished writing.")
                .arg(what, QString::number(Connection::lockTimeoutMs() / 1000.0), failure.message());
        break;
    case SqlFailure::Kind::PermissionDenied:
        result.errorText =
            QStringLiteral("%1 failed, nothing was written: %2. Connect as a role that may write "
                           "there, or ask the database owner for the privilege.")
                .arg(what, failure.message());
        break;
    case SqlFailure::Kind::ReadOnly:
        result.errorText =
            QStringLiteral("%1 failed, nothing was written: the database accepts no writes here "
                           "(%2).")
                .arg(what, failure.message());
        break;
    default:
        result.errorText = QStringLiteral("%1 failed, nothing was written: %2.").arg(what, failure.message());
        break;
    }
    result.failure = failure.kind();
    return result;
}

FixResult MissingProfileFixer::commitFailed(QSqlQuery &control) const
{
    FixResult result = fail(control, QStringLiteral("Committing"), control.lastError());
    // A connection lost during COMMIT leaves no way to know whether the server committed before it went:
    // claiming "nothing was written" could be false, so send the user to check.
    if (result.failure == SqlFailure::Kind::ConnectionLost)
        result.errorText =
            QStringLiteral("The connection to the database was lost while committing, so it is "
                           "not known whether the profiles were created; run check to see, then "
                           "fix again if needed (it never creates a profile twice).");
    return result;
}

bool MissingProfileFixer::noneLeftMissing(QSqlQuery &control, const QString &range, const QVariantMap &binds,
                                          FixResult &result) const
{
    if (!m_engine->guardMayKeepUsersMissing())
        return true;
    QSqlQuery check(m_db);
    check.prepare(QStringLiteral("SELECT count(*) FROM %1 u WHERE %2%3")
                      .arg(quoted(m_schema.userTable), range, missingCondition()));
    for (auto it = binds.cbegin(); it != binds.cend(); ++it)
        check.bindValue(it.key(), it.value());
    if (!check.exec() || !check.next()) {
        result = fail(control, QStringLiteral("Checking the new profiles"), check.lastError());
        return false;
    }
    const qint64 missing = check.value(0).toLongLong();
    check.finish();
    if (missing == 0)
        return true;
    // The guard met an existing row on another unique key and kept it: reporting success would be a lie.
    control.exec(QStringLiteral("ROLLBACK"));
    result = FixResult();
    result.failure = SqlFailure::Kind::Constraint;
    result.errorText =
        QStringLiteral(
            "Creating the missing profiles failed, nothing was written: %1 user(s) would still have "
            "no profile, because their new profile collided with an existing row of %2 on a unique "
            "column other than %3. Give that column a value that differs for every profile (--set "
            "or a database default), then run again.")
            .arg(missing)
            .arg(m_schema.profileTable.display(), m_schema.linkColumn);
    return false;
}

FixResult MissingProfileFixer::inTransaction(bool keyRangeBatches, const Body &body) const
{
    FixResult result;
    if (!m_plan.isValid()) {
        result.errorText = m_plan.errorText();
        return result;
    }
    QElapsedTimer timer;
    timer.start();
    QSqlQuery control(m_db);
    if (!m_joined && !(keyRangeBatches ? beginKeyRangeBatches(control) : begin(control)))
        return fail(control, QStringLiteral("Starting the transaction"), control.lastError());
    if (!body(control, result))
        return result;
    if (!m_joined && !control.exec(QStringLiteral("COMMIT")))
        return commitFailed(control);
    result.ok = true;
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}

FixResult MissingProfileFixer::createMissing(const Progress &progress, qint64 batchSize) const
{
    return inTransaction(true, [&](QSqlQuery &control, FixResult &result) {
        QSqlQuery bounds(m_db);
        // Two subqueries rather than "SELECT min(k), max(k)": SQLite answers a lone min() or max() from the
        // index, but with both in one SELECT it scans the whole table (1,000,000 users: ~0.1 s).
        if (!bounds.exec(QStringLiteral("SELECT (SELECT min(%1) FROM %2), (SELECT max(%1) FROM %2)")
                             .arg(quoted(m_schema.userKey), quoted(m_schema.userTable))) ||
            !bounds.next()) {
            result = fail(control, QStringLiteral("Reading the user keys"), bounds.lastError());
            return false;
        }
        const QVariant low = bounds.value(0);
        const QVariant high = bounds.value(1);
        bounds.finish();

        QSqlQuery insert(m_db);
        bool integerKeys = false;
        low.toLongLong(&integerKeys);
        const bool empty = low.isNull();
        if (!empty && integerKeys) {
            if (!insert.prepare(insertStatement())) {
                result = fail(control, QStringLiteral("Preparing the INSERT"), insert.lastError());
                return false;
            }
            const qint64 first = low.toLongLong();
            const qint64 last = high.toLongLong();
            result.lastUserKey = last;
            const qint64 total = last - first + 1;
            if (m_engine->batchesDeadlockSiteInserts(m_db))
                batchSize = total;
            for (qint64 lo = first; lo <= last; lo += batchSize) {
                bindPlanValues(insert);
                insert.bindValue(QStringLiteral(":lo"), lo);
                insert.bindValue(QStringLiteral(":hi"), qMin(lo + batchSize, last + 1));
                if (!insert.exec()) {
                    result =
                        fail(control, QStringLiteral("Creating the missing profiles"), insert.lastError());
                    return false;
                }
                result.created += insert.numRowsAffected();
                insert.finish();
                if (!noneLeftMissing(control, keyRange(),
                                     {{QStringLiteral(":lo"), lo},
                                      {QStringLiteral(":hi"), qMin(lo + batchSize, last + 1)}},
                                     result))
                    return false;
                if (progress && !progress(qMin(lo + batchSize, last + 1) - first, total)) {
                    control.exec(QStringLiteral("ROLLBACK"));
                    result.cancelled = true;
                    result.created = 0;
                    result.errorText = QStringLiteral("Cancelled; nothing was written.");
                    return false;
                }
            }
        } else if (!empty) {
            // Keys that are not integers (UUIDs, text) cannot be cut into ranges: one statement does it all.
            if (!insert.prepare(statement(insertValues(ValueForm::Bound), QString()))) {
                result = fail(control, QStringLiteral("Preparing the INSERT"), insert.lastError());
                return false;
            }
            bindPlanValues(insert);
            if (!insert.exec()) {
                result = fail(control, QStringLiteral("Creating the missing profiles"), insert.lastError());
                return false;
            }
            result.created = insert.numRowsAffected();
            insert.finish();
            if (!noneLeftMissing(control, QString(), {}, result))
                return false;
        }
        return true;
    });
}

FixResult MissingProfileFixer::createFor(const QVariantList &userKeys) const
{
    return inTransaction(false, [&](QSqlQuery &control, FixResult &result) {
        QSqlQuery insert(m_db);
        for (qsizetype start = 0; start < userKeys.size(); start += KeysPerStatement) {
            const QVariantList chunk = userKeys.mid(start, KeysPerStatement);
            QStringList names;
            for (qsizetype i = 0; i < chunk.size(); ++i)
                names << QStringLiteral(":k%1").arg(i);
            const QString range = QStringLiteral("u.%1 IN (%2) AND ")
                                      .arg(quoted(m_schema.userKey), names.join(QStringLiteral(", ")));
            if (!insert.prepare(statement(insertValues(ValueForm::Bound), range))) {
                result = fail(control, QStringLiteral("Preparing the INSERT"), insert.lastError());
                return false;
            }
            bindPlanValues(insert);
            for (qsizetype i = 0; i < chunk.size(); ++i)
                insert.bindValue(names.at(i), chunk.at(i));
            if (!insert.exec()) {
                result = fail(control, QStringLiteral("Creating the profiles"), insert.lastError());
                return false;
            }
            result.created += insert.numRowsAffected();
            insert.finish();
            QVariantMap keys;
            for (qsizetype i = 0; i < chunk.size(); ++i)
                keys.insert(names.at(i), chunk.at(i));
            if (!noneLeftMissing(control, range, keys, result))
                return false;
        }
        // Counted before COMMIT; a failed COMMIT returns a result of its own.
        result.skipped = userKeys.size() - result.created;
        return true;
    });
}
