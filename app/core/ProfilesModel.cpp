#include "ProfilesModel.h"

#include "CellInput.h"
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
    // A page read again holds no edits: nothing to undo, nothing refused.
    connect(this, &QAbstractItemModel::modelReset, this, &ProfilesModel::forgetEditState);
    select();
    recount();
}

ProfilesModel::~ProfilesModel()
{
    // The count job may still be running: stop the worker while the object is whole.
    m_counter.reset();
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
    const Cell cell{index.row(), index.column()};
    // Refused text is shown as typed, whatever the column's type.
    const auto invalid = m_invalid.constFind(cell);
    if (invalid != m_invalid.cend() &&
        (role == Qt::DisplayRole || role == Qt::EditRole || role == Qt::CheckStateRole))
        return role == Qt::CheckStateRole ? QVariant() : QSqlTableModel::data(index, Qt::EditRole);
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
    case Qt::ToolTipRole:
    case InvalidReasonRole:
        if (invalid != m_invalid.cend())
            return *invalid;
        if (cell == m_refused)
            return m_refusedReason;
        return role == InvalidReasonRole ? QVariant(QString()) : QVariant();
    case DirtyRole:
        return isDirty(index);
    case ColumnFamilyRole:
        return int(column.family);
    case NullableRole:
        return column.nullable;
    case MaxLengthRole:
        return column.maxLength;
    case ProfileKeyRole:
        return keyAt(index.row());
    default:
        return {};
    }
}

bool ProfilesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() >= m_query.columns().size() ||
        !(flags(index) & Qt::ItemIsEditable))
        return false;
    const ProfilesQuery::Column &column = m_query.columns().at(index.column());
    EditHistory::CellState state{true, value, QString()};
    if (role == Qt::CheckStateRole && column.family == ColumnFamily::Boolean) {
        state.value = value.toInt() == Qt::Checked;
    } else if (role == InputRole) {
        // Typed text is checked for the column; refused text is held as typed, never as another value.
        const CellInput::Result input = CellInput::parse(value.toString(), column);
        state.value = input.ok() ? input.value : QVariant(value.toString());
        state.invalidReason = input.reason;
    } else if (role != Qt::EditRole) {
        return false;
    }
    if (!state.value.isValid())
        state.value = ColumnValues::fromDatabase(QVariant(), column.family);
    // The value the page read, typed again, is no edit at all.
    if (state.invalidReason.isEmpty() &&
        ColumnValues::same(
            state.value, ColumnValues::fromDatabase(storedValue(index.row(), index.column()), column.family)))
        state = EditHistory::CellState();
    return applyState(index, state);
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

bool ProfilesModel::save(QString *error)
{
    const QModelIndex wasRefused = refusedCell();
    m_refused = {-1, -1};
    m_refusedReason.clear();
    if (wasRefused.isValid())
        emitCellChanged(wasRefused);
    // Refused text may equal what the page read (SQLite keeps over-long text), so it is checked first.
    if (hasInvalidEdits()) {
        *error = invalidEditsMessage();
        return false;
    }
    if (!isDirty())
        return true;
    const QList<ProfileSaver::RowEdit> edits = pendingEdits();
    if (!m_saver.save(edits, error)) {
        if (m_saver.lastError().isValid())
            setLastError(m_saver.lastError());
        // The refused cell, or the row's first edited one when a rule over several columns refused it.
        const ProfileSaver::Refusal refusal = m_saver.refusal();
        const int row = refusal.key.isValid() ? rowOfKey(refusal.key) : -1;
        const int column = refusal.column >= 0 || row < 0 ? refusal.column : editedColumns(row).value(0, -1);
        if (row >= 0 && column >= 0) {
            m_refused = {row, column};
            m_refusedReason = *error;
            emitCellChanged(index(row, column));
        }
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
