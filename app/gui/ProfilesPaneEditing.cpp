// The Profiles pane's editing of cells: undo and redo, reverting cells, NULL, F2, and columns that widen
// to fit what was typed.
#include "ProfilesPane.h"

#include "ui_ProfilesPane.h"

#include "ProfilesModel.h"

#include <QAction>
#include <QLineEdit>

#include <algorithm>

void ProfilesPane::revertSelectedCells()
{
    if (!m_model)
        return;
    const int reverted = m_model->revertCells(selectedCells());
    Q_EMIT statusMessage(tr("Dropped the unsaved changes of %n cell(s).", nullptr, reverted), 5000);
    changed();
}

void ProfilesPane::undo()
{
    if (!m_model || !m_model->canUndo())
        return;
    showCell(m_model->undo());
    changed();
}

void ProfilesPane::redo()
{
    if (!m_model || !m_model->canRedo())
        return;
    showCell(m_model->redo());
    changed();
}

void ProfilesPane::showCell(const QModelIndex &cell)
{
    if (!cell.isValid())
        return;
    QTableView *view = m_ui->profilesView;
    view->setCurrentIndex(cell);
    view->selectionModel()->select(cell, QItemSelectionModel::ClearAndSelect);
    view->scrollTo(cell);
}

void ProfilesPane::setSelectionToNull()
{
    if (!m_model)
        return;
    QModelIndexList cells = m_ui->profilesView->selectionModel()->selectedIndexes();
    if (cells.isEmpty() && m_ui->profilesView->currentIndex().isValid())
        cells << m_ui->profilesView->currentIndex();
    QStringList notNull;
    m_model->beginEditGroup();
    for (const QModelIndex &cell : std::as_const(cells)) {
        if (!(cell.flags() & Qt::ItemIsEditable))
            continue;
        if (cell.data(ProfilesModel::NullableRole).toBool())
            m_model->setData(cell, QVariant());
        else if (const QString name = m_model->headerData(cell.column(), Qt::Horizontal).toString();
                 !notNull.contains(name))
            notNull << name;
    }
    m_model->endEditGroup();
    if (!notNull.isEmpty())
        Q_EMIT statusMessage(tr("Left unchanged: %1 cannot be NULL.").arg(notNull.join(tr(", "))), 8000);
}

void ProfilesPane::explainNoNull()
{
    const QModelIndex current = m_ui->profilesView->currentIndex();
    if (!current.isValid())
        return;
    const QString name = m_model->headerData(current.column(), Qt::Horizontal).toString();
    if (m_ui->profilesView->editTriggers() == QAbstractItemView::NoEditTriggers)
        Q_EMIT statusMessage(tr("The profiles cannot be changed on this connection."), 8000);
    else if (!(current.flags() & Qt::ItemIsEditable))
        Q_EMIT statusMessage(tr("%1 is read-only here.").arg(name), 8000);
    else if (!current.data(ProfilesModel::NullableRole).toBool())
        Q_EMIT statusMessage(tr("%1 cannot be NULL: the column is NOT NULL.").arg(name), 8000);
    else
        Q_EMIT statusMessage(tr("%1 is NULL already.").arg(name), 8000);
}

bool ProfilesPane::editAtEnd()
{
    QTableView *view = m_ui->profilesView;
    const QModelIndex current = view->currentIndex();
    if (!current.isValid() || !(view->editTriggers() & QAbstractItemView::EditKeyPressed) ||
        !(current.flags() & Qt::ItemIsEditable))
        return false;
    view->edit(current);
    QWidget *editor = view->indexWidget(current);
    QWidget *focus = editor ? editor : nullptr;
    while (focus && focus->focusProxy())
        focus = focus->focusProxy();
    if (auto *text = qobject_cast<QLineEdit *>(focus)) {
        text->deselect();
        text->end(false);
    }
    return editor != nullptr;
}

void ProfilesPane::widenToFit(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    QTableView *view = m_ui->profilesView;
    // A bounded look: a paste of a whole page widens by its first rows.
    const int lastRow = std::min(bottomRight.row(), topLeft.row() + 200);
    for (int column = topLeft.column(); column <= bottomRight.column(); ++column) {
        int needed = view->columnWidth(column);
        for (int row = topLeft.row(); row <= lastRow; ++row)
            needed = std::max(needed, view->sizeHintForIndex(m_model->index(row, column)).width());
        if (needed > view->columnWidth(column))
            view->setColumnWidth(column, needed);
    }
}

bool ProfilesPane::isSelectionCellEdited() const
{
    if (!isDirty())
        return false;
    const QModelIndexList cells = selectedCells();
    return std::any_of(cells.begin(), cells.end(),
                       [](const QModelIndex &cell) { return cell.data(ProfilesModel::DirtyRole).toBool(); });
}

bool ProfilesPane::canUndo() const
{
    return m_model && m_model->canUndo();
}

bool ProfilesPane::canRedo() const
{
    return m_model && m_model->canRedo();
}

bool ProfilesPane::isSelectionNullable() const
{
    if (!m_model)
        return false;
    const QModelIndexList cells = selectedCells();
    return std::any_of(cells.begin(), cells.end(), [](const QModelIndex &cell) {
        return cell.isValid() && (cell.flags() & Qt::ItemIsEditable) &&
               cell.data(ProfilesModel::NullableRole).toBool() && !cell.data(Qt::EditRole).isNull();
    });
}
