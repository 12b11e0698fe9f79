#pragma once

#include "DatabaseUrl.h"
#include "ProfileSaver.h"
#include "ProfileSchema.h"
#include "ProfilesQuery.h"

#include <QList>
#include <QSqlError>
#include <QSqlTableModel>

#include <memory>

class DatabaseWorker;

// The profile table, edited in place: a QSqlTableModel in OnManualSubmit mode, so edits are held (and marked,
// DirtyRole) until save() writes them in one transaction or revertAll() drops them.
//
// It holds one page of PageRows profiles, never the whole table: QSqlTableModel::select() would fetch every
// row on PostgreSQL (QPSQL reads a whole result unless forward-only). The page is chosen by OFFSET over the
// sort order, read backwards from the end in the second half so OFFSET stays small; the total comes from a
// COUNT on a worker connection. Each page is one statement with bound values (ProfilesQuery), and the owner's
// username is joined in beside the link column as a read-only column (no QSqlRelation, which hides rows with
// NULL links). The link column and the primary key are read-only too, so a profile never changes owner by
// accident. Writes are our own UPDATE statements, checked against changes made meanwhile (ProfileSaver).
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

    // Loads the current page again; drops held edits (the caller asks first).
    bool select() override;
    // lastError() in the database's words, on one line (SqlFailure).
    QString lastErrorMessage() const { return m_saver.messageOf(lastError()); }
    qint64 pageStart() const { return m_pageStart; }
    // Shows rows [start, start + PageRows) of the sort order (clamped to the table); drops held edits.
    bool showPage(qint64 start);
    // First row of the last page, once the total is known.
    qint64 lastPageStart() const;
    // Number of profiles; -1 while counting.
    qint64 totalRows() const { return m_total; }
    // Counts the profiles again (after profiles were created).
    void recount();

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
    // Every held edit, row by row, as save() would write them (also for "Save edits as SQL").
    QList<ProfileSaver::RowEdit> pendingEdits() const;
    // The edits made between these two calls (a paste, one value set into many cells) are one undo step.
    void beginEditGroup();
    void endEditGroup();
    // Has `row` an edit not saved yet?
    bool isRowEdited(int row) const;
    // Drops the held edits of `row`, e.g. of a profile deleted meanwhile, so the others can be saved.
    void revertRow(int row) override;
    // Shows the page holding the profile of user `userKey` and returns its row, or -1 when the user has none.
    int showProfileOf(const QVariant &userKey, QString *error);

Q_SIGNALS:
    void totalChanged(qint64 total);

protected:
    bool updateRowInTable(int row, const QSqlRecord &values) override;

private:
    // Editable columns of `row` with an edit not saved yet.
    QList<int> editedColumns(int row) const;
    QList<int> editedRows() const;
    ProfileSaver::RowEdit rowEdit(int row, const QList<int> &columns) const;
    // The value of a cell as the page read it from the database, edited or not.
    QVariant storedValue(int row, int column) const;
    QVariant keyAt(int row) const;

    ProfilesQuery m_query;
    ProfileSaver m_saver;
    qint64 m_pageStart = 0;
    qint64 m_total = -1;
    quint64 m_countRequest = 0;
    std::unique_ptr<DatabaseWorker> m_counter;
};
