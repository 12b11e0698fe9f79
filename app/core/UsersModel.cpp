#include "UsersModel.h"

#include "ColumnValues.h"
#include "Connection.h"
#include "DatabaseWorker.h"
#include "RowsInMemory.h"
#include "SqlFailure.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace {

// Blocks asked for but not fetched yet; older wishes (rows scrolled past) are forgotten beyond this.
constexpr int MaxWanted = 16;
// After refresh() the most recently used blocks are fetched again at once; the others when next shown.
constexpr int BlocksRefreshedAtOnce = 8;

} // namespace

UsersModel::UsersModel(const QSqlDatabase &db, const DatabaseUrl &url, const ProfileSchema &schema,
                       const QList<ProfileSchema> &profiles, QObject *parent)
    : QSqlQueryModel(parent)
    , m_schema(schema)
    , m_query(schema, DatabaseEngine::of(db), profiles)
    , m_pager(std::make_unique<DatabaseWorker>(url, QStringLiteral("users-pages")))
    , m_counter(std::make_unique<DatabaseWorker>(url, QStringLiteral("users-count")))
    , m_prefixer(std::make_unique<DatabaseWorker>(url, QStringLiteral("users-prefix")))
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    QSqlQuery shape(db);
    shape.exec(m_query.shapeStatement());
    // Sets the record (columns, headers) and lastError() if the table cannot be read; kept in memory, so no
    // statement of the GUI thread's connection outlives a reconnect.
    QSqlQueryModel::setQuery(RowsInMemory::readAll(shape));
    reset();
}

UsersModel::~UsersModel()
{
    // Stop the workers while this object is whole: their running jobs may still post results to it.
    m_pager.reset();
    m_counter.reset();
    m_prefixer.reset();
}

int UsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

QVariant UsersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows || index.column() >= m_query.columns().size())
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != MissingProfileRole &&
        role != UserKeyRole && role != MissingTablesRole)
        return {};
    const qint64 position = m_windowStart + index.row();
    const int block = int(position / BlockRows);
    const auto it = m_blocks.find(block);
    if (it == m_blocks.end() || it->stale)
        const_cast<UsersModel *>(this)->requestBlock(block); // fetching is invisible to the caller
    if (it == m_blocks.end())
        return {};
    const int offset = int(position % BlockRows);
    if (offset >= it->rows.size())
        return {};
    it->lastUse = ++m_clock;
    const QVariantList &row = it->rows.at(offset);
    const qsizetype flags = m_query.columns().size();
    switch (role) {
    case MissingProfileRole:
        return std::any_of(row.begin() + flags, row.end(),
                           [](const QVariant &flag) { return flag.toBool(); });
    case MissingTablesRole: {
        QStringList tables;
        for (qsizetype i = flags; i < row.size(); ++i) {
            if (row.at(i).toBool())
                tables << m_query.profileTables().at(i - flags).profileTable.display();
        }
        return tables;
    }
    case UserKeyRole:
        return row.first();
    default:
        return row.at(index.column());
    }
}

QVariant UsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    const QVariant header = QSqlQueryModel::headerData(section, orientation, role);
    if (orientation != Qt::Horizontal || !m_query.columnFilter().has(section))
        return header;
    if (role == Qt::DisplayRole)
        return QString(header.toString() + QStringLiteral(" ⧩"));
    if (role == Qt::ToolTipRole)
        return QStringLiteral("Filtered: %1 %2")
            .arg(m_query.columns().value(section).name,
                 ColumnFilter::describe(m_query.columnFilter().condition(section)));
    return header;
}

void UsersModel::sort(int column, Qt::SortOrder order)
{
    m_query.setSort(column, order == Qt::DescendingOrder);
    reset();
}

void UsersModel::setOnlyMissing(bool onlyMissing)
{
    if (onlyMissing == m_query.onlyMissing())
        return;
    m_query.setOnlyMissing(onlyMissing);
    reset();
}

void UsersModel::setSearchText(const QString &text)
{
    if (text == m_query.searchText())
        return;
    m_query.setSearchText(text);
    reset();
}

void UsersModel::setColumnFilter(const ColumnFilter &filter)
{
    m_query.setColumnFilter(filter);
    reset();
}

bool UsersModel::isRowLoaded(int row) const
{
    const qint64 position = m_windowStart + row;
    const auto it = m_blocks.constFind(int(position / BlockRows));
    return it != m_blocks.constEnd() && !it->stale && position % BlockRows < it->rows.size();
}

bool UsersModel::isBusy() const
{
    return m_inFlight >= 0 || !m_wanted.isEmpty() || m_countsAwaited != 0 || m_totalPending ||
           m_prefixPending;
}

void UsersModel::reset()
{
    beginResetModel();
    m_latest->store(++m_generation);
    m_blocks.clear();
    m_wanted.clear();
    m_rows = 0;
    m_total = -1;
    m_extent = 0;
    m_extentEstimated = false;
    m_windowStart = 0;
    m_totalPending = false;
    m_errorShown = false;
    m_prefixPending = false;
    const bool wasShowingPrefix = m_prefixShown >= 0;
    m_prefixShown = -1;
    endResetModel();
    if (wasShowingPrefix)
        Q_EMIT searchPhaseChanged();

    // A search's quick first phase answers first; the search's own first block is asked for after it.
    if (m_query.hasPrefixPhase())
        requestPrefixMatches();
    else
        requestBlock(0);
    // Without a search or column filter the total is one of the table's counts, already known or on its way.
    // With one it is counted once the first block turns out full: a shorter block is the whole result.
    if (m_query.isNarrowed())
        return;
    // A count still on its way corrects this one when it arrives.
    const qint64 known = m_query.onlyMissing() ? m_missingCount : m_userCount;
    if (known >= 0)
        setTotal(known);
    else if (m_countsAwaited == 0)
        requestCounts();
}

void UsersModel::refresh()
{
    m_latest->store(++m_generation);
    // The prefix phase's answer on its way is of no use now; block 0 is asked for below.
    m_prefixPending = false;
    m_totalPending = false;
    m_errorShown = false;
    m_wanted.clear();
    QList<int> recent = m_blocks.keys();
    std::sort(recent.begin(), recent.end(),
              [this](int a, int b) { return m_blocks.value(a).lastUse < m_blocks.value(b).lastUse; });
    for (auto &block : m_blocks)
        block.stale = true;
    // requestBlock() queues the latest wish last, and the last is fetched first.
    for (qsizetype i = std::max<qsizetype>(0, recent.size() - BlocksRefreshedAtOnce); i < recent.size(); ++i)
        requestBlock(recent.at(i));
    if (m_blocks.isEmpty())
        requestBlock(int(m_windowStart / BlockRows));
    requestCounts();
    if (m_query.isNarrowed())
        requestTotal();
}

void UsersModel::requestBlock(int block)
{
    if (block == m_inFlight && m_inFlightGeneration == m_generation)
        return;
    m_wanted.removeOne(block);
    m_wanted.append(block);
    while (m_wanted.size() > MaxWanted)
        m_wanted.removeFirst();
    pump();
}

UsersModel::PageRequest UsersModel::pageRequest(int block) const
{
    PageRequest request;
    request.block = block;
    const qint64 start = qint64(block) * BlockRows;
    // The end as counted, or as estimated by moveToEnd(); before either the rows are read forwards.
    const qint64 end = m_total >= 0 ? m_total : m_extentEstimated ? m_extent : -1;
    if (end < 0) {
        request.offset = start;
        request.limit = BlockRows;
        return request;
    }
    request.limit = std::min<qint64>(BlockRows, end - start);
    request.fromEnd = start > end / 2;
    request.offset = request.fromEnd ? end - (start + request.limit) : start;
    request.estimated = m_total < 0 && request.fromEnd;
    return request;
}

void UsersModel::pump()
{
    while (m_inFlight < 0 && !m_wanted.isEmpty()) {
        const int block = m_wanted.takeLast();
        const auto it = m_blocks.constFind(block);
        if (it != m_blocks.constEnd() && !it->stale)
            continue;
        const PageRequest request = pageRequest(block);
        if (request.limit <= 0 || (m_total >= 0 && qint64(block) * BlockRows >= m_total))
            continue;
        m_inFlight = block;
        m_inFlightGeneration = m_generation;
        const quint64 generation = m_generation;
        m_pager->run<PageResult>(
            this,
            [query = m_query, request](Connection &connection) {
                PageResult result;
                if (connection.isOpen())
                    result = loadPage(connection.database(), query, request);
                else
                    result.error = connection.errorText();
                return result;
            },
            [this, generation, request](const PageResult &result) {
                blockLoaded(generation, request, result);
            });
    }
}

UsersModel::PageResult UsersModel::loadPage(const QSqlDatabase &db, const UsersQuery &query,
                                            const PageRequest &request)
{
    PageResult result;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(query.pageStatement(request.fromEnd))) {
        result.error =
            QStringLiteral("Could not read the users: %1.").arg(SqlFailure(q.lastError(), db).message());
        return result;
    }
    query.bindFilter(q);
    q.bindValue(QStringLiteral(":limit"), request.limit);
    q.bindValue(QStringLiteral(":offset"), request.offset);
    if (!q.exec()) {
        result.error =
            QStringLiteral("Could not read the users: %1.").arg(SqlFailure(q.lastError(), db).message());
        return result;
    }
    readRows(q, query, &result);
    return result;
}

void UsersModel::readRows(QSqlQuery &q, const UsersQuery &query, PageResult *result)
{
    const QList<ColumnInfo> &columns = query.columns();
    while (q.next()) {
        QVariantList row;
        const qsizetype tables = query.profileTables().size();
        row.reserve(columns.size() + tables);
        for (qsizetype i = 0; i < columns.size(); ++i)
            row.append(ColumnValues::fromDatabase(q.value(int(i)), columns.at(i).family));
        for (qsizetype i = 0; i < tables; ++i)
            row.append(q.value(int(columns.size() + i)).toBool());
        result->rows.append(row);
    }
}

void UsersModel::blockLoaded(quint64 generation, const PageRequest &request, const PageResult &result)
{
    m_inFlight = -1;
    if (generation == m_generation && request.estimated && !m_extentEstimated) {
        // Placed by an estimate the count has corrected since: read again where it belongs now.
        requestBlock(request.block);
    } else if (generation == m_generation) {
        if (!result.error.isEmpty()) {
            reportError(result.error);
            endPrefixPhase();
        } else {
            const qint64 start = qint64(request.block) * BlockRows;
            Block &block = m_blocks[request.block];
            block.rows = result.rows;
            block.stale = false;
            block.lastUse = ++m_clock;
            block.fromEstimatedEnd = request.estimated;
            if (request.estimated) {
                // Read backwards from an estimate that was too high: the rows after the skipped ones are all
                // there are. The count corrects the positions of the rows read so far.
                if (result.rows.size() < request.limit)
                    setTotal(request.offset + result.rows.size());
            } else if (m_total < 0) {
                // Until the count arrives the rows seen so far are the rows there are; a short block is the
                // end of the list.
                if (result.rows.size() < request.limit) {
                    setTotal(start + result.rows.size());
                } else {
                    m_extent = std::max(m_extent, start + result.rows.size());
                    resize(rowsInWindow());
                }
                if (m_total < 0 && !m_totalPending && m_query.isNarrowed())
                    requestTotal();
            }
            // The block's rows inside the window, as view rows, unless a corrected estimate dropped them.
            const int first = int(std::max<qint64>(start - m_windowStart, 0));
            const int last = int(std::min<qint64>(start + result.rows.size() - m_windowStart, m_rows)) - 1;
            if (last >= first && m_blocks.contains(request.block)) {
                Q_EMIT dataChanged(index(first, 0), index(last, columnCount() - 1));
                Q_EMIT rowsLoaded(first, last);
            }
            if (request.block == 0)
                endPrefixPhase();
            if (!m_prefixerConnected) {
                // Connected once the view has its first rows, so that the first search does not wait for a
                // server's log-in, and the window's start does not wait for a third one.
                m_prefixerConnected = true;
                m_prefixer->post([](Connection &) {});
            }
            evictBlocks();
        }
    }
    pump();
}

void UsersModel::evictBlocks()
{
    while (m_blocks.size() > MaxBlocks) {
        auto oldest = m_blocks.begin();
        for (auto it = m_blocks.begin(); it != m_blocks.end(); ++it) {
            if (it->lastUse < oldest->lastUse)
                oldest = it;
        }
        m_blocks.erase(oldest);
    }
}

void UsersModel::reportError(const QString &message)
{
    if (m_errorShown)
        return;
    m_errorShown = true;
    Q_EMIT errorOccurred(message);
}
