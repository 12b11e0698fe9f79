#include "GridClipboard.h"

#include "MessageBox.h"
#include "ProfilesModel.h"
#include "SetValueDialog.h"
#include "TabSeparated.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QItemSelection>
#include <QMimeData>
#include <QTableView>

#include <algorithm>
#include <climits>

namespace {

// More than this is a job for an export: the clipboard holds it all in memory, twice.
constexpr qint64 MaxCopiedCells = 100000;

// "1 cell", "3 cells".
QString cellCount(qint64 cells)
{
    return cells == 1 ? QObject::tr("1 cell") : QObject::tr("%1 cells").arg(QLocale().toString(cells));
}

QList<std::pair<int, int>> positionsOf(const QModelIndexList &cells)
{
    QList<std::pair<int, int>> positions;
    positions.reserve(cells.size());
    for (const QModelIndex &cell : cells)
        positions.append({cell.row(), cell.column()});
    return positions;
}

} // namespace

GridClipboard::GridClipboard(QTableView *view, Editing editing)
    : QObject(view)
    , m_view(view)
{
    const auto addAction = [this, view](const QString &text, const QString &name,
                                        const QKeySequence &shortcut) {
        auto *action = new QAction(text, view);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        // Only while this grid has focus: the other grid and an open cell editor keep Ctrl+C for themselves.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_actions << action;
        return action;
    };
    connect(addAction(tr("&Copy"), QStringLiteral("actionCopy"), QKeySequence::Copy), &QAction::triggered,
            this, [this] { copy(false); });
    connect(addAction(tr("Copy with &headers"), QStringLiteral("actionCopyWithHeaders"),
                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)),
            &QAction::triggered, this, [this] { copy(true); });
    connect(addAction(tr("P&aste"), QStringLiteral("actionPaste"), QKeySequence::Paste), &QAction::triggered,
            this, &GridClipboard::paste);
    if (editing == Editing::Editable)
        connect(addAction(tr("Se&t value for selected cells…"), QStringLiteral("actionSetValue"), {}),
                &QAction::triggered, this, &GridClipboard::setValueForSelection);
    view->addActions(m_actions);
    auto *separator = new QAction(view);
    separator->setSeparator(true);
    view->addAction(separator);
}

void GridClipboard::copy(bool withHeaders)
{
    const QAbstractItemModel *model = m_view->model();
    if (!model)
        return;
    // The block spans the selection's ranges, never its indexes one by one (a select-all of a million users).
    const QItemSelection selection = m_view->selectionModel()->selection();
    int top = INT_MAX, left = INT_MAX, bottom = -1, right = -1;
    for (const QItemSelectionRange &range : selection) {
        top = std::min(top, range.top());
        left = std::min(left, range.left());
        bottom = std::max(bottom, range.bottom());
        right = std::max(right, range.right());
    }
    if (bottom < 0) {
        const QModelIndex current = m_view->currentIndex();
        if (!current.isValid()) {
            Q_EMIT statusMessage(tr("Select the cells to copy first."), 5000);
            return;
        }
        top = bottom = current.row();
        left = right = current.column();
    }
    QList<int> columns;
    for (int column = left; column <= right; ++column) {
        if (!m_view->isColumnHidden(column))
            columns << column;
    }
    const qint64 cells = qint64(bottom - top + 1) * columns.size();
    if (cells > MaxCopiedCells) {
        refuse(tr("Nothing copied"), tr("The selection has %1 cells; copy at most %2 at a time.")
                                         .arg(QLocale().toString(cells), QLocale().toString(MaxCopiedCells)));
        return;
    }

    QList<QStringList> rows;
    for (int row = top; row <= bottom; ++row) {
        QStringList fields;
        for (const int column : columns) {
            const QModelIndex index = model->index(row, column);
            if (!selection.isEmpty() && !selection.contains(index)) {
                fields << QString();
                continue;
            }
            const QVariant value = index.data(Qt::EditRole);
            // A row not read yet has no value at all (a NULL is a value); asking for it started reading it.
            if (!value.isValid()) {
                refuse(tr("Nothing copied"), tr("Some selected rows are still being read from the database. "
                                                "Copy again in a moment."));
                return;
            }
            fields << TabSeparated::cellText(value);
        }
        rows << fields;
    }
    QStringList headers;
    if (withHeaders) {
        for (const int column : columns)
            headers << model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
    }
    QGuiApplication::clipboard()->setText(TabSeparated::format(rows, headers));
    Q_EMIT statusMessage(withHeaders ? tr("Copied %1 with their column headers.").arg(cellCount(cells))
                                     : tr("Copied %1.").arg(cellCount(cells)),
                         5000);
}

void GridClipboard::paste()
{
    if (!m_readOnlyReason.isEmpty()) {
        refuse(tr("Nothing pasted"), m_readOnlyReason);
        return;
    }
    if (!m_view->model())
        return;
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (!mime || !mime->hasText()) {
        refuse(tr("Nothing pasted"), tr("The clipboard holds no text to paste."));
        return;
    }
    const QList<QStringList> block = TabSeparated::parse(mime->text());
    const QModelIndexList cells = targetCells();
    if (cells.isEmpty()) {
        refuse(tr("Nothing pasted"), tr("Select the cell where the pasted cells should start."));
        return;
    }
    PastePlan plan;
    if (block.size() == 1 && block.first().size() == 1 && cells.size() > 1) {
        // One value over several cells fills each of them.
        plan = PastePlan::forCells(block.first().first(), positionsOf(cells), grid());
    } else {
        // A block starts at the selection's top left cell, as in a spreadsheet.
        int top = INT_MAX, left = INT_MAX;
        for (const QModelIndex &cell : cells) {
            top = std::min(top, cell.row());
            left = std::min(left, cell.column());
        }
        plan = PastePlan::forBlock(block, top, left, grid());
    }
    if (plan.isRefused()) {
        refuse(tr("Nothing pasted"), plan.refusal());
        return;
    }
    reportApplied(plan, apply(plan, false), tr("Pasted %1.").arg(cellCount(plan.cells().size())));
}

void GridClipboard::setValueForSelection()
{
    if (!m_readOnlyReason.isEmpty()) {
        refuse(tr("Nothing changed"), m_readOnlyReason);
        return;
    }
    const QAbstractItemModel *model = m_view->model();
    if (!model)
        return;
    const QModelIndexList cells = targetCells();
    if (cells.isEmpty()) {
        refuse(tr("Nothing changed"), tr("Select the cells to set first."));
        return;
    }
    const PastePlan check = PastePlan::forCells(QString(), positionsOf(cells), grid());
    if (check.isRefused()) {
        refuse(tr("Nothing changed"), check.refusal());
        return;
    }
    QStringList names;
    bool nullAllowed = true;
    for (const int column : check.columns()) {
        names << model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
        nullAllowed = nullAllowed && model->index(0, column).data(ProfilesModel::NullableRole).toBool();
    }
    const QModelIndex current = m_view->currentIndex();
    const QModelIndex first = cells.contains(current) ? current : cells.first();
    SetValueDialog dialog(int(cells.size()), names, TabSeparated::cellText(first.data(Qt::EditRole)),
                          nullAllowed, m_view->window());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const PastePlan plan = PastePlan::forCells(dialog.text(), positionsOf(cells), grid());
    const int count = int(plan.cells().size());
    reportApplied(plan, apply(plan, dialog.isNull()),
                  dialog.isNull() ? tr("Set %1 to NULL.").arg(cellCount(count))
                                  : tr("Set the value in %1.").arg(cellCount(count)));
}

QModelIndexList GridClipboard::targetCells() const
{
    QModelIndexList cells = m_view->selectionModel()->selectedIndexes();
    if (cells.isEmpty() && m_view->currentIndex().isValid())
        cells << m_view->currentIndex();
    return cells;
}

PastePlan::Grid GridClipboard::grid() const
{
    const QAbstractItemModel *model = m_view->model();
    PastePlan::Grid grid;
    grid.rows = model->rowCount();
    for (int column = 0; column < model->columnCount(); ++column) {
        grid.columnNames << model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
        grid.editable << (grid.rows > 0 && (model->flags(model->index(0, column)) & Qt::ItemIsEditable));
    }
    bool ok = false;
    const qint64 firstRow = model->headerData(0, Qt::Vertical, Qt::DisplayRole).toLongLong(&ok);
    grid.firstRowNumber = ok && firstRow > 0 ? firstRow : 1;
    return grid;
}

int GridClipboard::apply(const PastePlan &plan, bool setNull)
{
    QAbstractItemModel *model = m_view->model();
    auto *profiles = qobject_cast<ProfilesModel *>(model);
    if (profiles)
        profiles->beginEditGroup();
    int applied = 0;
    QItemSelection changed;
    for (const PastePlan::Cell &cell : plan.cells()) {
        const QModelIndex index = model->index(cell.row, cell.column);
        const bool ok = setNull ? model->setData(index, QVariant(), Qt::EditRole)
                                : model->setData(index, cell.text, ProfilesModel::InputRole);
        applied += ok ? 1 : 0;
        changed.select(index, index);
    }
    if (profiles)
        profiles->endEditGroup();
    // What changed is selected, so the person sees it and may copy, set or revert it at once.
    if (!plan.cells().isEmpty()) {
        const PastePlan::Cell &first = plan.cells().first();
        m_view->selectionModel()->setCurrentIndex(model->index(first.row, first.column),
                                                  QItemSelectionModel::NoUpdate);
        m_view->selectionModel()->select(changed, QItemSelectionModel::ClearAndSelect);
    }
    return applied;
}

void GridClipboard::reportApplied(const PastePlan &plan, int applied, const QString &done)
{
    const QAbstractItemModel *model = m_view->model();
    const int total = int(plan.cells().size());
    if (applied < total) {
        refuse(tr("Not every cell changed"),
               tr("Only %1 of %2 took their value; the others keep what they held.")
                   .arg(QLocale().toString(applied), cellCount(total)));
        return;
    }
    QStringList invalidColumns;
    QString firstReason;
    int invalid = 0;
    for (const PastePlan::Cell &cell : plan.cells()) {
        const QString reason =
            model->index(cell.row, cell.column).data(ProfilesModel::InvalidReasonRole).toString();
        if (reason.isEmpty())
            continue;
        ++invalid;
        const QString column = model->headerData(cell.column, Qt::Horizontal, Qt::DisplayRole).toString();
        if (!invalidColumns.contains(column))
            invalidColumns << column;
        if (firstReason.isEmpty())
            firstReason = reason;
    }
    QString text = done + QLatin1Char(' ') + tr("Save changes writes them to the database.");
    if (invalid > 0)
        text += QLatin1Char(' ') +
                tr("%1 of them cannot be saved as they are (%2: %3): correct them, or undo.")
                    .arg(QLocale().toString(invalid), invalidColumns.join(QStringLiteral(", ")), firstReason);
    Q_EMIT statusMessage(text, invalid > 0 ? 0 : 5000);
}

void GridClipboard::refuse(const QString &title, const QString &reason)
{
    MessageBox::warning(m_view->window(), title, reason);
}
