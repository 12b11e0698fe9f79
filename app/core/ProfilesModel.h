#pragma once

#include "DatabaseUrl.h"
#include "EditHistory.h"
#include "ProfileSaver.h"
#include "ProfileSchema.h"
#include "ProfilesQuery.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QSqlError>
#include <QSqlTableModel>

#include <memory>

class DatabaseWorker;

// The profile table, edited in place: a QSqlTableModel in OnManualSubmit mode, so edits are held (and marked,
// DirtyRole) until save() writes them in one transaction or revertAll() drops them.
//
// It holds one page of PageRows profiles, never the whole table: QSqlTableModel::select() would fetch every
// row on PostgreSQL (QPSQL reads a whole result unless forward-only). The page is copied out of the driver
// (RowsInMemory), so it and its held edits stay readable when the connection is lost and opened again.
// Pages follow keys, not offsets: a page starts after the (sort value, key) of the previous page's last row
// and is read again from its own first row, so profiles created meanwhile show on the page where they sort;
// the total and the page's position come from COUNTs on a worker connection. Each page is one statement with
// bound values (ProfilesQuery), and the owner's username is joined in beside the link column as a read-only
// column (no QSqlRelation, which hides rows with NULL links). The link column and the primary key are
// read-only too, so a profile never changes owner by accident. Writes are our own UPDATE statements, checked
// against changes made meanwhile (ProfileSaver).
class ProfilesModel final : public QSqlTableModel
{
    Q_OBJECT

public:
    // Apart from UsersModel's roles, so that a delegate shared by both views never mistakes one for another.
    enum Role {
        DirtyRole = Qt::UserRole + 100, // bool: edited, not saved yet
        ColumnFamilyRole,               // int: the column's ColumnFamily
        NullableRole,                   // bool: the column accepts NULL
        ProfileKeyRole,                 // the profile's primary key
        InputRole,         // setData(): text as a person typed or pasted it, checked for the column
        InvalidReasonRole, // QString: why the held input cannot be saved; empty when it can
        MaxLengthRole,     // int: n of a varchar(n) column, -1 without a limit
    };
    static constexpr int PageRows = 1000;

    // `db` is the GUI thread's connection (reads and writes); the count runs on a worker opened from `url`.
    ProfilesModel(const QSqlDatabase &db, const DatabaseUrl &url, const ProfileSchema &schema,
                  QObject *parent = nullptr);
    ~ProfilesModel() override;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Profiles are made by the fix-up (one per user) and never deleted here.
    bool insertRows(int row, int count, const QModelIndex &parent = QModelIndex()) override;
    bool removeRows(int row, int count, const QModelIndex &parent = QModelIndex()) override;
    // Sorts in the database and shows the first page; drops held edits (the caller asks first).
    void sort(int column, Qt::SortOrder order) override;

    // Loads the current page again from its first profile, so that a profile added before it does not push
    // the page along; drops held edits (the caller asks first).
    bool select() override;
    // lastError() in the database's words, on one line (SqlFailure).
    QString lastErrorMessage() const { return m_saver.messageOf(lastError()); }
    // Position of the page's first row in the sort order, -1 while it is unknown (being counted after the
    // page was read again or anchored on a profile).
    qint64 pageStart() const { return m_pageStart; }
    // Pages follow keys: the next one starts after the last row's (sort value, key), the previous one ends
    // before the first row's, the last one is read backwards from the end. Each drops held edits.
    bool showFirstPage();
    bool showNextPage();
    bool showPreviousPage();
    bool showLastPage();
    // Shows rows [start, start + PageRows) of the sort order: the pages next to this one and the last are
    // found by key, any other start by OFFSET.
    bool showPage(qint64 start);
    bool hasPreviousPage() const;
    bool hasNextPage() const;
    // First row of the last page, once the total is known.
    qint64 lastPageStart() const;
    // Number of profiles the search and the filters let through; -1 while counting.
    qint64 totalRows() const { return m_total; }
    // Number of profiles in the table; -1 while counting.
    qint64 profileCount() const { return m_profileCount; }
    // Counts the profiles again (after profiles were created), and the page's position when unknown.
    void recount();

    // The search and the quick filters; each shows the first page and counts again (drops held edits).
    QString searchText() const { return m_query.searchText(); }
    bool setSearchText(const QString &text);
    const ColumnFilter &columnFilter() const { return m_query.columnFilter(); }
    bool setColumnFilter(const ColumnFilter &filter);
    bool isNarrowed() const { return m_query.isNarrowed(); }
    ColumnFamily columnFamily(int column) const;

    // The statements behind the grid, with the sort now shown (for an export and "Save edits as SQL").
    const ProfilesQuery &query() const { return m_query; }
    int keyColumn() const { return m_query.keyColumn(); }
    int linkColumn() const { return m_query.linkColumn(); }
    int ownerColumn() const { return m_query.ownerColumn(); }
    // Row of the profile with primary key `key` on this page, or -1.
    int rowOfKey(const QVariant &key) const;

    // Writes every held edit in one transaction and reloads the page. A row is written only if the columns
    // edited in it still hold what the page showed (optimistic locking: each is read again and locked first).
    // When anything fails (a profile changed or deleted meanwhile, a refused value, a lost connection)
    // nothing is written, every edit stays held and marked, and `error` says why, with the database's words.
    // After a reported change, a second save writes the edits over it.
    bool save(QString *error);
    // Every held edit, row by row, as save() would write them (also for "Save edits as SQL"). Refused text
    // is among them as typed: check hasInvalidEdits() first, as save() does.
    QList<ProfileSaver::RowEdit> pendingEdits() const;
    // The edits made between these two calls (a paste, one value set into many cells) are one undo step.
    void beginEditGroup();
    void endEditGroup();
    // Has `row` an edit not saved yet?
    bool isRowEdited(int row) const;
    // Drops the held edits of `row`, e.g. of a profile deleted meanwhile, so the others can be saved; one
    // undo step.
    void revertRow(int row) override;
    // Drops the held edits of `cells` only, as one undo step; returns how many cells had one.
    int revertCells(const QModelIndexList &cells);
    // Drops every held edit and the undo history (hides QSqlTableModel's, which keeps no history).
    void revertAll();

    // Undo and redo of held edits, one step at a time (a typed value, a paste), back to the saved value.
    // They return a cell the step changed, for the view to show, or an invalid index when there was none.
    bool canUndo() const { return m_history.canUndo(); }
    bool canRedo() const { return m_history.canRedo(); }
    QModelIndex undo();
    QModelIndex redo();

    // Some cell holds text that cannot be saved (InvalidReasonRole); save() refuses until it is corrected.
    bool hasInvalidEdits() const { return !m_invalid.isEmpty(); }
    // The first such cell in row order, or an invalid index.
    QModelIndex firstInvalidCell() const;
    // The cell whose value the database refused in the last save, or an invalid index.
    QModelIndex refusedCell() const;
    // Shows the page holding the profile of user `userKey` and returns its row, or -1 when the user has none
    // or the search and filters hide it (then `hiddenByFilter` says so). The current page read again is kept
    // when the profile is on it; otherwise a page starts at the profile.
    int showProfileOf(const QVariant &userKey, QString *error, bool *hiddenByFilter = nullptr);

Q_SIGNALS:
    void totalChanged(qint64 total);
    // pageStart() changed, or became known.
    void pageStartChanged(qint64 start);

protected:
    bool updateRowInTable(int row, const QSqlRecord &values) override;

private:
    using Cell = QPair<int, int>; // row, column on this page

    // The held edit of a cell as the history records it.
    EditHistory::CellState stateOf(const QModelIndex &index) const;
    // Makes `index` hold `state`, recording the change in the history unless it is being undone or redone.
    bool applyState(const QModelIndex &index, const EditHistory::CellState &state);
    // Drops the held edit of one cell and keeps the other edits of its row.
    void revertCell(const QModelIndex &index);
    void replay(const EditHistory::Step &step, bool forward, QModelIndex *shown);
    // The message of a save refused before it reached the database, naming each profile and column.
    QString invalidEditsMessage() const;
    void forgetEditState();
    void emitCellChanged(const QModelIndex &index);

    // Editable columns of `row` with an edit not saved yet.
    QList<int> editedColumns(int row) const;
    QList<int> editedRows() const;
    ProfileSaver::RowEdit rowEdit(int row, const QList<int> &columns) const;
    // The value of a cell as the page read it from the database, edited or not.
    QVariant storedValue(int row, int column) const;
    QVariant keyAt(int row) const;
    QVariant sortValueAt(int row) const;
    // Reads at most `limit` rows from `anchor` and makes the page's first row the anchor of the next
    // select(); the position is then set by settlePosition().
    bool readPage(ProfilesQuery::Anchor anchor, const QVariant &key, const QVariant &sortValue, qint64 limit);
    bool readPageAt(qint64 start);
    // Runs `page` and shows its rows; `fromFirst` when they are the first rows of the order.
    bool showRows(QSqlQuery &page, bool fromFirst);
    // `start` when the navigation knows it; -1 asks the count worker.
    void settlePosition(qint64 start);

    ProfilesQuery m_query;
    ProfileSaver m_saver;
    qint64 m_pageStart = 0;
    // What select() reads again: the first rows, or the rows from the page's first profile.
    ProfilesQuery::Anchor m_anchor = ProfilesQuery::Anchor::First;
    QVariant m_anchorKey;
    QVariant m_anchorValue;
    quint64 m_pageGeneration = 0; // counts page reads, so a late position is not put on another page
    qint64 m_total = -1;
    qint64 m_profileCount = -1;
    quint64 m_countRequest = 0;
    std::unique_ptr<DatabaseWorker> m_counter;
    EditHistory m_history;
    bool m_replaying = false;
    // Cells holding typed text that is refused, with the reason.
    QHash<Cell, QString> m_invalid;
    // The cell the database refused in the last save, with its words; row -1 when none.
    Cell m_refused{-1, -1};
    QString m_refusedReason;
};
