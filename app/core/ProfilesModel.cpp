#include "ProfilesModel.h"

#include "ColumnValues.h"
#include "Connection.h"
#include "DatabaseEngine.h"
#include "DatabaseWorker.h"

#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

ProfilesModel::ProfilesModel(const QSqlDatabase &db, const DatabaseUrl &url, const ProfileSchema &schema,
                             QObject *parent)
    : QSqlTableModel(parent, db)
    , m_query(schema, DatabaseEngine::of(db))
    , m_saver(db, m_query)
    , m_counter(std::make_unique<DatabaseWorker>(url, QStringLiteral("profiles-count")))
{
    setEditStrategy(OnManualSubmit);
    select();
    recount();
}

ProfilesModel::~ProfilesModel()
{
    // The count job may still be running: stop the worker while the object is whole.
    m_counter.reset();
}

bool ProfilesModel::select()
{
    // A page is read again from its own first profile, so a profile created before it does not push it along.
    if (!readPage(m_anchor, m_anchorKey, m_anchorValue, PageRows))
        return false;
    // Its rows were all removed or filtered out: the last rows there are take its place.
    if (rowCount() == 0 && m_anchor != ProfilesQuery::Anchor::First)
        return showLastPage();
    settlePosition(m_anchor == ProfilesQuery::Anchor::First ? 0 : -1);
    return true;
}

bool ProfilesModel::readPage(ProfilesQuery::Anchor anchor, const QVariant &key, const QVariant &sortValue,
                             qint64 limit)
{
    QSqlQuery page(database());
    if (!page.prepare(m_query.keysetPageStatement(anchor, sortValue.isNull()))) {
        setLastError(page.lastError());
        return false;
    }
    m_query.bindFilter(page);
    m_query.bindAnchor(page, anchor, key, sortValue);
    page.bindValue(QStringLiteral(":limit"), limit);
    if (!showRows(page))
        return false;
    m_anchor = anchor == ProfilesQuery::Anchor::First || rowCount() == 0 ? ProfilesQuery::Anchor::First
                                                                         : ProfilesQuery::Anchor::From;
    m_anchorKey = rowCount() > 0 ? keyAt(0) : QVariant();
    m_anchorValue = rowCount() > 0 ? sortValueAt(0) : QVariant();
    return true;
}

bool ProfilesModel::readPageAt(qint64 start)
{
    qint64 limit = PageRows;
    qint64 offset = start;
    const bool fromEnd = m_total > 0 && start > m_total / 2;
    if (fromEnd) {
        limit = std::clamp<qint64>(m_total - start, 1, PageRows);
        offset = std::max<qint64>(0, m_total - start - limit);
    }
    QSqlQuery page(database());
    if (!page.prepare(m_query.pageStatement(fromEnd))) {
        setLastError(page.lastError());
        return false;
    }
    m_query.bindFilter(page);
    page.bindValue(QStringLiteral(":limit"), limit);
    page.bindValue(QStringLiteral(":offset"), offset);
    if (!showRows(page))
        return false;
    m_anchor = rowCount() == 0 ? ProfilesQuery::Anchor::First : ProfilesQuery::Anchor::From;
    m_anchorKey = rowCount() > 0 ? keyAt(0) : QVariant();
    m_anchorValue = rowCount() > 0 ? sortValueAt(0) : QVariant();
    return true;
}

bool ProfilesModel::showRows(QSqlQuery &page)
{
    if (!page.exec()) {
        setLastError(page.lastError());
        return false;
    }
    beginResetModel();
    // QSqlTableModel::select() drops the held edits with a private call; clear() is the public way to it.
    // This model has no table name, filter or sort of QSqlTableModel's to lose, and keeps its edit strategy.
    clear();
    m_saver.forgetReported();
    QSqlQueryModel::setQuery(std::move(page));
    // Read the whole page now: SQLite then ends the statement, which releases its read lock.
    while (QSqlQueryModel::canFetchMore())
        QSqlQueryModel::fetchMore();
    ++m_pageGeneration;
    endResetModel();
    return true;
}

void ProfilesModel::settlePosition(qint64 start)
{
    if (start == 0)
        m_anchor = ProfilesQuery::Anchor::First;
    if (start != m_pageStart) {
        m_pageStart = start;
        if (rowCount() > 0)
            Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
        Q_EMIT pageStartChanged(start);
    }
    if (start < 0)
        recount();
}

bool ProfilesModel::showFirstPage()
{
    if (!readPage(ProfilesQuery::Anchor::First, {}, {}, PageRows))
        return false;
    settlePosition(0);
    return true;
}

bool ProfilesModel::showNextPage()
{
    const int rows = rowCount();
    if (rows == 0)
        return select();
    const qint64 start = m_pageStart >= 0 ? m_pageStart + rows : -1;
    if (!readPage(ProfilesQuery::Anchor::After, keyAt(rows - 1), sortValueAt(rows - 1), PageRows))
        return false;
    // Nothing follows any more (profiles removed or filtered meanwhile): the last rows there are.
    if (rowCount() == 0)
        return showLastPage();
    settlePosition(start);
    return true;
}

bool ProfilesModel::showPreviousPage()
{
    if (rowCount() == 0 || m_anchor == ProfilesQuery::Anchor::First)
        return showFirstPage();
    const qint64 start = m_pageStart >= PageRows ? m_pageStart - PageRows : -1;
    if (!readPage(ProfilesQuery::Anchor::Before, keyAt(0), sortValueAt(0), PageRows))
        return false;
    // Fewer than a page before it: the first page, full.
    if (rowCount() < PageRows)
        return showFirstPage();
    settlePosition(start);
    return true;
}

bool ProfilesModel::showLastPage()
{
    // With the total known the pages counted from the first one keep their bounds: the last holds the rest.
    const qint64 limit = m_total > 0 ? m_total - lastPageStart() : PageRows;
    if (!readPage(ProfilesQuery::Anchor::Last, {}, {}, limit))
        return false;
    settlePosition(m_total >= 0 ? std::max<qint64>(0, m_total - rowCount()) : -1);
    return true;
}

bool ProfilesModel::showPage(qint64 start)
{
    if (start <= 0)
        return showFirstPage();
    if (m_total >= 0 && start >= lastPageStart())
        return showLastPage();
    if (m_pageStart >= 0 && start == m_pageStart + rowCount())
        return showNextPage();
    if (m_pageStart >= 0 && start == m_pageStart - PageRows)
        return showPreviousPage();
    if (!readPageAt(start))
        return false;
    settlePosition(start);
    return true;
}

bool ProfilesModel::hasPreviousPage() const
{
    return m_pageStart != 0 && rowCount() > 0;
}

bool ProfilesModel::hasNextPage() const
{
    if (m_pageStart >= 0 && m_total >= 0)
        return m_pageStart + rowCount() < m_total;
    // Position or total unknown: a full page may have more after it.
    return rowCount() == PageRows;
}

qint64 ProfilesModel::lastPageStart() const
{
    if (m_total < 0)
        return std::max<qint64>(0, m_pageStart);
    return m_total == 0 ? 0 : (m_total - 1) / PageRows * PageRows;
}

namespace {

// What the count worker finds: the profiles that match, all profiles, and where the page starts.
struct ProfileCounts
{
    qint64 matching = -1;
    qint64 all = -1;
    qint64 position = -1;
};

qint64 countOf(QSqlQuery &query)
{
    return query.exec() && query.next() ? query.value(0).toLongLong() : -1;
}

} // namespace

void ProfilesModel::recount()
{
    const quint64 request = ++m_countRequest;
    const quint64 page = m_pageGeneration;
    const bool findPosition = m_pageStart < 0 && rowCount() > 0;
    m_counter->run<ProfileCounts>(
        this,
        [query = m_query, findPosition, key = m_anchorKey, value = m_anchorValue](Connection &connection) {
            // An unopened connection leaves the figures as they were: the page shows what it has.
            ProfileCounts counts;
            if (!connection.isOpen())
                return counts;
            QSqlQuery matching(connection.database());
            if (matching.prepare(query.countStatement())) {
                query.bindFilter(matching);
                counts.matching = countOf(matching);
            }
            if (!query.isNarrowed()) {
                counts.all = counts.matching;
            } else {
                ProfilesQuery everything = query;
                everything.setSearchText(QString());
                everything.setColumnFilter(ColumnFilter());
                QSqlQuery all(connection.database());
                if (all.prepare(everything.countStatement()))
                    counts.all = countOf(all);
            }
            if (findPosition) {
                QSqlQuery position(connection.database());
                if (position.prepare(query.keyPositionStatement(value.isNull()))) {
                    query.bindFilter(position);
                    query.bindAnchor(position, ProfilesQuery::Anchor::From, key, value);
                    counts.position = countOf(position);
                }
            }
            return counts;
        },
        [this, request, page](const ProfileCounts &counts) {
            if (request != m_countRequest)
                return;
            if (counts.all >= 0)
                m_profileCount = counts.all;
            if (page == m_pageGeneration && counts.position >= 0 && m_pageStart < 0) {
                m_pageStart = counts.position;
                if (rowCount() > 0)
                    Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
                Q_EMIT pageStartChanged(m_pageStart);
            }
            if (counts.matching < 0)
                return;
            m_total = counts.matching;
            Q_EMIT totalChanged(m_total);
        });
}

void ProfilesModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_query.columns().size())
        return;
    m_query.setSort(column, order == Qt::DescendingOrder);
    showFirstPage();
}

bool ProfilesModel::setSearchText(const QString &text)
{
    m_query.setSearchText(text);
    m_total = -1;
    const bool shown = showFirstPage();
    recount();
    return shown;
}

bool ProfilesModel::setColumnFilter(const ColumnFilter &filter)
{
    m_query.setColumnFilter(filter);
    m_total = -1;
    const bool shown = showFirstPage();
    recount();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    return shown;
}

ColumnFamily ProfilesModel::columnFamily(int column) const
{
    return column >= 0 && column < m_query.columns().size() ? m_query.columns().at(column).family
                                                            : ColumnFamily::Other;
}

QVariant ProfilesModel::storedValue(int row, int column) const
{
    // QSqlQueryModel's own data() reads the page's query; any other way to it (record(), a virtual data())
    // passes through QSqlTableModel's held edits.
    return QSqlQueryModel::data(index(row, column), Qt::EditRole);
}

QVariant ProfilesModel::keyAt(int row) const
{
    return storedValue(row, m_query.keyColumn());
}

QVariant ProfilesModel::sortValueAt(int row) const
{
    return storedValue(row, m_query.sortColumn());
}

int ProfilesModel::rowOfKey(const QVariant &key) const
{
    // Compared as text: QVariant does not compare across types, and keys are integers or UUIDs.
    const QString wanted = key.toString();
    for (int row = 0; row < rowCount(); ++row) {
        if (keyAt(row).toString() == wanted)
            return row;
    }
    return -1;
}

QVariant ProfilesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.column() >= m_query.columns().size())
        return {};
    const ProfilesQuery::Column &column = m_query.columns().at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        // A boolean shows as its check box only.
        if (column.family == ColumnFamily::Boolean)
            return {};
        return ColumnValues::fromDatabase(QSqlTableModel::data(index, Qt::EditRole), column.family);
    case Qt::EditRole:
        return ColumnValues::fromDatabase(QSqlTableModel::data(index, Qt::EditRole), column.family);
    case Qt::CheckStateRole: {
        if (column.family != ColumnFamily::Boolean)
            return {};
        const QVariant value = QSqlTableModel::data(index, Qt::EditRole);
        if (value.isNull())
            return Qt::PartiallyChecked;
        return value.toBool() ? Qt::Checked : Qt::Unchecked;
    }
    case DirtyRole:
        return isDirty(index);
    case ColumnFamilyRole:
        return int(column.family);
    case NullableRole:
        return column.nullable;
    case MaxLengthRole:
        return column.maxLength;
    case InvalidReasonRole:
        return QString();
    case ProfileKeyRole:
        return keyAt(index.row());
    default:
        return {};
    }
}

bool ProfilesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() >= m_query.columns().size())
        return false;
    const ProfilesQuery::Column &column = m_query.columns().at(index.column());
    QVariant newValue = value;
    if (role == Qt::CheckStateRole && column.family == ColumnFamily::Boolean)
        newValue = value.toInt() == Qt::Checked;
    else if (role != Qt::EditRole && role != InputRole)
        return false;
    // Compare in the model's own types: an editor that hands back the date it was given changes nothing.
    if (ColumnValues::same(newValue, data(index, Qt::EditRole)))
        return true;
    if (!QSqlTableModel::setData(index, newValue, Qt::EditRole))
        return false;
    if (role == Qt::CheckStateRole)
        Q_EMIT dataChanged(index, index, {Qt::CheckStateRole, Qt::DisplayRole, Qt::EditRole, DirtyRole});
    return true;
}

Qt::ItemFlags ProfilesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.column() >= m_query.columns().size())
        return QSqlTableModel::flags(index);
    const ProfilesQuery::Column &column = m_query.columns().at(index.column());
    Qt::ItemFlags result = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (column.editable) {
        result |= Qt::ItemIsEditable;
        if (column.family == ColumnFamily::Boolean)
            result |= Qt::ItemIsUserCheckable;
    }
    return result;
}

QVariant ProfilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        // An unknown position shows no numbers rather than wrong ones.
        if (role == Qt::DisplayRole)
            return m_pageStart >= 0 ? QVariant(m_pageStart + section + 1) : QVariant(QString());
        return QSqlTableModel::headerData(section, orientation, role);
    }
    if (section < 0 || section >= m_query.columns().size())
        return {};
    const ProfilesQuery::Column &column = m_query.columns().at(section);
    const bool filtered = m_query.columnFilter().has(section);
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = column.owner ? QStringLiteral("%1 (owner)").arg(column.name) : column.name;
        return filtered ? QString(name + QStringLiteral(" ⧩")) : name;
    }
    case Qt::ToolTipRole:
        if (filtered)
            return QStringLiteral("Filtered: %1 %2")
                .arg(column.name, ColumnFilter::describe(m_query.columnFilter().condition(section)));
        if (column.owner)
            return QStringLiteral("The owner's %1, from %2 (read-only)")
                .arg(column.name, m_query.schema().userTable.display());
        return QStringLiteral("%1%2%3").arg(column.sqlType,
                                            column.nullable ? QStringLiteral(", may be NULL") : QString(),
                                            column.editable ? QString() : QStringLiteral(", read-only"));
    default:
        return {};
    }
}

bool ProfilesModel::insertRows(int, int, const QModelIndex &)
{
    return false;
}

bool ProfilesModel::removeRows(int, int, const QModelIndex &)
{
    return false;
}

bool ProfilesModel::updateRowInTable(int row, const QSqlRecord &values)
{
    QList<int> columns;
    for (int i = 0; i < values.count(); ++i) {
        if (values.isGenerated(i) && i < m_query.columns().size() && m_query.columns().at(i).editable)
            columns << i;
    }
    ProfileSaver::RowEdit edit = rowEdit(row, columns);
    for (qsizetype i = 0; i < columns.size(); ++i)
        edit.values[i] = values.value(columns.at(i));
    if (m_saver.update(edit))
        return true;
    setLastError(m_saver.lastError());
    return false;
}

QList<int> ProfilesModel::editedColumns(int row) const
{
    QList<int> columns;
    for (int column = 0; column < m_query.columns().size(); ++column) {
        if (m_query.columns().at(column).editable && isDirty(index(row, column)))
            columns << column;
    }
    return columns;
}

bool ProfilesModel::isRowEdited(int row) const
{
    return !editedColumns(row).isEmpty();
}

QList<int> ProfilesModel::editedRows() const
{
    QList<int> rows;
    for (int row = 0; row < rowCount(); ++row) {
        if (isRowEdited(row))
            rows << row;
    }
    return rows;
}

ProfileSaver::RowEdit ProfilesModel::rowEdit(int row, const QList<int> &columns) const
{
    // record() holds the edits, storedValue() what the page read.
    const QSqlRecord values = record(row);
    ProfileSaver::RowEdit edit;
    edit.key = keyAt(row);
    edit.columns = columns;
    for (const int column : columns) {
        edit.stored << storedValue(row, column);
        edit.values << values.value(column);
    }
    return edit;
}

QList<ProfileSaver::RowEdit> ProfilesModel::pendingEdits() const
{
    QList<ProfileSaver::RowEdit> edits;
    for (const int row : editedRows())
        edits << rowEdit(row, editedColumns(row));
    return edits;
}

void ProfilesModel::beginEditGroup() {}

void ProfilesModel::endEditGroup() {}

bool ProfilesModel::save(QString *error)
{
    if (!isDirty())
        return true;
    const QList<ProfileSaver::RowEdit> edits = pendingEdits();
    if (!m_saver.save(edits, error)) {
        if (m_saver.lastError().isValid())
            setLastError(m_saver.lastError());
        return false;
    }
    if (select())
        return true;
    // The grid cannot show the values read back, so it keeps them as edits; taken as what the database
    // now holds, saving them again rewrites them instead of reporting them as someone else's change.
    m_saver.takeAsStored(edits);
    *error = QStringLiteral("Saved, but reading the profiles again failed: %1. Refresh to see them.")
                 .arg(m_saver.messageOf(lastError()));
    return false;
}

void ProfilesModel::revertRow(int row)
{
    if (row >= 0 && row < rowCount())
        m_saver.forgetReported(keyAt(row));
    QSqlTableModel::revertRow(row);
}

int ProfilesModel::showProfileOf(const QVariant &userKey, QString *error, bool *hiddenByFilter)
{
    const auto find = [&](const ProfilesQuery &query, QVariant *key, QVariant *sortValue) {
        QSqlQuery found(database());
        found.setForwardOnly(true);
        found.prepare(query.findStatement());
        query.bindFilter(found);
        found.bindValue(QStringLiteral(":user"), userKey);
        if (!found.exec()) {
            *error =
                QStringLiteral("Could not find the profile: %1").arg(m_saver.messageOf(found.lastError()));
            return false;
        }
        if (!found.next())
            return false;
        *key = found.value(0);
        *sortValue = found.value(1);
        return true;
    };
    QVariant key;
    QVariant sortValue;
    if (!find(m_query, &key, &sortValue)) {
        if (error->isEmpty() && hiddenByFilter && m_query.isNarrowed()) {
            ProfilesQuery everything = m_query;
            everything.setSearchText(QString());
            everything.setColumnFilter(ColumnFilter());
            *hiddenByFilter = find(everything, &key, &sortValue);
        }
        return -1;
    }

    // The current page read again holds it when it sorts there (e.g. a profile just created on this page).
    if (!select()) {
        *error = QStringLiteral("Could not read the profiles: %1").arg(m_saver.messageOf(lastError()));
        return -1;
    }
    const int row = rowOfKey(key);
    if (row >= 0)
        return row;
    // Elsewhere: a page starts at it, and its position is counted on the worker.
    if (!readPage(ProfilesQuery::Anchor::From, key, sortValue, PageRows)) {
        *error = QStringLiteral("Could not read the profiles: %1").arg(m_saver.messageOf(lastError()));
        return -1;
    }
    settlePosition(-1);
    return rowOfKey(key);
}
