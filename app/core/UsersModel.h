#pragma once

#include "DatabaseUrl.h"
#include "ProfileSchema.h"
#include "UsersQuery.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQueryModel>
#include <QVariantList>

#include <atomic>
#include <memory>

class DatabaseWorker;

// The user table, read-only, built to stay instant with a million users (docs/performance.md).
//
// A stock QSqlQueryModel would fetch the whole result up front on PostgreSQL and keep every row seen on
// SQLite (QSqlQueryModel's rowCount() and QPSQL's prefetch). This one is a QSqlQueryModel whose own query is
// the page statement run with no rows: it supplies the record, the columns and the headers. The rows come in
// blocks of BlockRows, fetched by a DatabaseWorker on its own connection when the view first asks for them;
// rowCount() is the total from a COUNT run on a second worker, so the scroll bar spans every user and
// Ctrl+End reaches the last one. A block near the end is read backwards from the end, so OFFSET stays small
// there. At most MaxBlocks blocks are kept. Every result carries the generation it was asked for; results of
// an older filter or sort are dropped.
//
// Filter, search and sort run in the database with bound values. Rows not loaded yet answer every role with
// an invalid QVariant and ask for their block; rowsLoaded() reports when it arrived.
//
// The rows are a window of the result: view row r is result position windowStart() + r, and rowCount() is at
// most windowRows(), because a QTableView's vertical header keeps one entry per row and recomputes them all
// on every insert or reset, which costs ~0.45 s of GUI thread at ten million rows. Blocks stay keyed by
// result position, so moving the window (a reset) reuses the blocks already read.
// A search answers in two phases. A substring search may read the whole table before its first block is
// full, so a third worker first reads the users whose username starts with the text, through the
// username's index (UsersQuery::prefixStatement()), and the model shows them at once as a provisional first
// block. Then the search's own first block is read and replaces them (rowsLoaded() covers it, so views keep
// their selection by key), and its count follows as before.
class UsersModel final : public QSqlQueryModel
{
    Q_OBJECT

public:
    enum Role {
        MissingProfileRole = Qt::UserRole + 1, // bool: the user has no profile in some profile table
        UserKeyRole,                           // the user's primary key
        MissingTablesRole, // QStringList: the profile tables (as TableName::display()) the user has no row in
    };
    static constexpr int BlockRows = 256;
    static constexpr int MaxBlocks = 64;
    // The most rows the view is given at once (docs/performance.md).
    static constexpr int WindowRows = 1000000;

    // `db` is the GUI thread's connection (only for the record); the workers open their own from `url`.
    // `profiles` are every profile table (empty: `schema`'s alone); a user lacking a row in any of them is
    // a user without profile.
    UsersModel(const QSqlDatabase &db, const DatabaseUrl &url, const ProfileSchema &schema,
               const QList<ProfileSchema> &profiles = {}, QObject *parent = nullptr);
    ~UsersModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // A filtered column's header carries a mark, and its tooltip says the filter.
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // The shown columns, with their families.
    const QList<ColumnInfo> &columns() const { return m_query.columns(); }
    // The profile tables the rows are flagged for, in order (at least one).
    const QList<ProfileSchema> &profileTables() const { return m_query.profileTables(); }
    // Re-reads the rows in the new order: a reset, like QSqlTableModel::sort().
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The statement behind the rows, with the filter, search and sort now shown (for an export).
    const UsersQuery &query() const { return m_query; }
    bool onlyMissing() const { return m_query.onlyMissing(); }
    // Shows only users without a profile (a WHERE NOT EXISTS in the database).
    void setOnlyMissing(bool onlyMissing);
    QString searchText() const { return m_query.searchText(); }
    // Shows only users whose username, email or names contain `text` (case-insensitive; empty: everyone).
    void setSearchText(const QString &text);
    const ColumnFilter &columnFilter() const { return m_query.columnFilter(); }
    // Shows only users whose columns meet every condition of `filter` (indexes into the shown columns).
    void setColumnFilter(const ColumnFilter &filter);
    // True while the rows shown are the search's first answer, the users whose username starts with the
    // text (prefixMatchCount() of them), and the search itself is still running.
    bool isShowingPrefixMatches() const { return m_prefixShown >= 0; }
    int prefixMatchCount() const { return m_prefixShown; }
    // True when a search or a column filter narrows the list; matchCount() is then how many users match.
    bool isNarrowed() const { return m_query.isNarrowed(); }
    // The users the filter lets through; -1 while counting.
    qint64 matchCount() const { return m_total; }
    // Reads the counts and the loaded rows again without a reset, so selection and scroll position survive;
    // for after a fix-up or a created profile.
    void refresh();

    // Whole-table figures for the status bar; -1 while counting.
    qint64 userCount() const { return m_userCount; }
    // Users without a profile in any profile table.
    qint64 missingCount() const { return m_missingCount; }
    // Users without a profile in each of profileTables(), -1 each while counting.
    QList<qint64> missingCountsByTable() const { return m_missingByTable; }
    // True once rowCount() is the filter's full total rather than the rows seen so far.
    bool isTotalKnown() const { return m_total >= 0; }
    bool isRowLoaded(int row) const;
    // True while a block or a count is being fetched.
    bool isBusy() const;

    // The window of the result the rows show: result positions [windowStart(), windowStart() + rowCount()).
    qint64 windowStart() const { return m_windowStart; }
    int windowRows() const { return m_windowRows; }
    // Makes the window at most `rows` rows (at least two blocks) and shows its start; for tests.
    void setWindowRows(int rows);
    // The result's rows as far as known: the total once counted, the rows seen so far before.
    qint64 resultRows() const { return m_extent; }
    // True when the result has rows outside the window.
    bool isWindowed() const { return m_windowStart > 0 || m_extent > m_windowStart + m_rows; }
    // The view row of result position `position`, or -1 when the window does not hold it.
    int rowAt(qint64 position) const;
    // Moves the window so that it holds `position` (about in its middle), as a reset; nothing when it does.
    void moveWindowTo(qint64 position);
    // Moves the window's start by about `rows` (negative: towards the top), kept inside the result, as a
    // reset.
    void shiftWindow(qint64 rows);
    // Ctrl+End: moves the window to the result's end and returns true, or returns false when the end is not
    // known yet. Before the exact count of the whole unfiltered table arrives, the server's estimate of its
    // size stands in: the last rows are read backwards from the end, so they are the real last users, at
    // positions the count corrects (isPositionEstimated() until then).
    bool moveToEnd();
    // True while the window's positions rest on the server's estimate of the table's size.
    bool isPositionEstimated() const { return m_extentEstimated; }

Q_SIGNALS:
    void countsChanged();
    // Rows [first, last] now hold data (also after refresh()).
    void rowsLoaded(int first, int last);
    // The filter's total is known: rowCount() will not grow or shrink until the next change.
    void totalKnown(qint64 total);
    // The server's estimate of the table's size arrived, ahead of the count: moveToEnd() may work now.
    void sizeEstimated();
    // The window now starts at result position `start` and holds `rows` rows (after its reset).
    void windowMoved(qint64 start, int rows);
    void errorOccurred(const QString &message);
    // isShowingPrefixMatches() changed.
    void searchPhaseChanged();

private:
    struct Block
    {
        QList<QVariantList> rows;      // the shown columns, then a missing flag per profile table
        bool stale = false;            // from before refresh(): shown until the new rows arrive
        bool fromEstimatedEnd = false; // read backwards from an estimated end: wrong once the count differs
        quint64 lastUse = 0;
    };
    struct PageRequest
    {
        int block = -1;
        qint64 offset = 0;
        qint64 limit = 0;
        bool fromEnd = false;
        bool estimated = false; // read backwards from the estimated end
    };
    struct PageResult
    {
        QList<QVariantList> rows;
        QString error;
    };
    // The whole table's counts, -1 until counted; the user count may come alone, before the slow ones.
    struct Counts
    {
        qint64 users = -1;
        // The server's estimate of the user table's size, known before `users`; -1 when it keeps none.
        qint64 estimate = -1;
        // In any table (with several), then per profile table; as many as counted so far.
        QList<qint64> missing;
        QString error;
    };
    // The filter's total.
    struct Total
    {
        qint64 rows = -1;
        QString error;
    };

    void reset();
    // The search's first phase: the users whose username starts with the text, on the prefix worker.
    void requestPrefixMatches();
    void prefixMatchesLoaded(quint64 generation, const PageResult &result);
    void showPrefixMatches(const PageResult &result);
    // The search's own first block replaced the prefix phase's rows, or never will (an error).
    void endPrefixPhase();
    void requestBlock(int block);
    void pump();
    PageRequest pageRequest(int block) const;
    void blockLoaded(quint64 generation, const PageRequest &request, const PageResult &result);
    void requestCounts();
    void countsLoaded(quint64 request, const Counts &counts, int tables);
    void requestTotal();
    void setTotal(qint64 total);
    void resize(int rows);
    // What rowCount() should say for the window and the result as known now.
    int rowsInWindow() const;
    // The highest start that still shows the result's end, block-aligned.
    qint64 lastWindowStart() const;
    // Shows the window starting at `start` (block-aligned) as a reset; cached blocks report rowsLoaded().
    void placeWindow(qint64 start);
    void evictBlocks();
    void reportError(const QString &message);
    static qint64 count(const QSqlDatabase &db, const UsersQuery &query, QString *error);
    static PageResult loadPage(const QSqlDatabase &db, const UsersQuery &query, const PageRequest &request);
    static PageResult loadPrefixMatches(const QSqlDatabase &db, const UsersQuery &query);
    // Reads every row of an executed page or prefix statement into `result`.
    static void readRows(QSqlQuery &q, const UsersQuery &query, PageResult *result);

    const ProfileSchema m_schema;
    UsersQuery m_query;
    std::unique_ptr<DatabaseWorker> m_pager;
    std::unique_ptr<DatabaseWorker> m_counter;
    // Its own worker, so that a new search's quick phase never waits behind the last one's slow scan.
    std::unique_ptr<DatabaseWorker> m_prefixer;
    // The latest generation, read by queued count jobs to skip work nobody waits for any more.
    const std::shared_ptr<std::atomic<quint64>> m_latest;
    quint64 m_generation = 0;
    int m_rows = 0;      // what rowCount() says
    qint64 m_total = -1; // the filter's total, -1 until counted
    qint64 m_extent = 0; // the total, or before it is known the result positions seen so far
    // m_extent is the user table's estimated size, which moveToEnd() put there.
    bool m_extentEstimated = false;
    qint64 m_userEstimate = -1;
    qint64 m_windowStart = 0;
    int m_windowRows = WindowRows;
    qint64 m_userCount = -1;
    qint64 m_missingCount = -1;
    QList<qint64> m_missingByTable;
    quint64 m_countsIssued = 0;
    quint64 m_countsAwaited = 0; // the count request whose answer is awaited, 0 when none
    bool m_totalPending = false;
    bool m_prefixPending = false; // the prefix phase of the current search is on its way
    int m_prefixShown = -1;       // the prefix phase's rows shown in block 0, -1 when none
    bool m_prefixerConnected = false;
    bool m_errorShown = false;
    // data(), const for the view, records which blocks are in use.
    mutable QHash<int, Block> m_blocks;
    mutable quint64 m_clock = 0;
    QList<int> m_wanted; // blocks asked for, most recent last
    int m_inFlight = -1; // the block being fetched, -1 when none
    quint64 m_inFlightGeneration = 0;
};
