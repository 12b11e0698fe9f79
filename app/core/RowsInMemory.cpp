#include "RowsInMemory.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QSqlResult>

namespace {

// A result that runs no SQL: it hands out rows read before. It keeps the driver only because QSqlQuery and
// QSqlQueryModel ask it what it can do (the query's size), never to read.
class MemoryResult final : public QSqlResult
{
public:
    MemoryResult(const QSqlDriver *driver, const QSqlRecord &record, QList<QVariantList> rows)
        : QSqlResult(driver)
        , m_record(record)
        , m_rows(std::move(rows))
    {
        setSelect(true);
        setActive(true);
        setAt(QSql::BeforeFirstRow);
    }

    MemoryResult(const QSqlDriver *driver, const QSqlError &error)
        : QSqlResult(driver)
    {
        setLastError(error);
    }

protected:
    QVariant data(int column) override { return isValid() ? m_rows.at(at()).value(column) : QVariant(); }
    bool isNull(int column) override { return data(column).isNull(); }
    bool reset(const QString &) override
    {
        setLastError(QSqlError(QStringLiteral("Rows kept in memory run no statement"), QString(),
                               QSqlError::StatementError));
        return false;
    }
    bool fetch(int row) override
    {
        if (row < 0 || row >= m_rows.size())
            return false;
        setAt(row);
        return true;
    }
    bool fetchFirst() override { return fetch(0); }
    bool fetchLast() override { return fetch(int(m_rows.size()) - 1); }
    int size() override { return int(m_rows.size()); }
    int numRowsAffected() override { return -1; }
    QSqlRecord record() const override { return m_record; }

private:
    QSqlRecord m_record;
    QList<QVariantList> m_rows;
};

} // namespace

QSqlQuery RowsInMemory::readAll(QSqlQuery &query)
{
    const QSqlDriver *driver = query.driver();
    if (!query.isActive())
        return QSqlQuery(new MemoryResult(driver, query.lastError()));
    QSqlRecord record = query.record();
    record.clearValues();
    QList<QVariantList> rows;
    if (query.size() > 0)
        rows.reserve(query.size());
    while (query.next()) {
        QVariantList row;
        row.reserve(record.count());
        for (int column = 0; column < record.count(); ++column)
            row.append(query.value(column));
        rows.append(std::move(row));
    }
    // next() is false at the end and on a failed fetch alike; only the error tells them apart.
    const QSqlError error = query.lastError();
    query.finish();
    if (error.isValid())
        return QSqlQuery(new MemoryResult(driver, error));
    return QSqlQuery(new MemoryResult(driver, record, std::move(rows)));
}
