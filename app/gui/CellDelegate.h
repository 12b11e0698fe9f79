#pragma once

#include <QStyledItemDelegate>

class QTableView;

// How a cell of either view looks and is edited: every value typed as text (dates with a calendar too), NULL
// as a dimmed "NULL" (never confused with an empty text), and cells edited but not saved
// (ProfilesModel::DirtyRole) tinted and marked with a corner triangle; refused text
// (ProfilesModel::InvalidReasonRole) in red with a warning icon and the reason as tooltip. What the editors
// hold goes to the model as typed text (ProfilesModel::InputRole), which checks it. Booleans are the models'
// check boxes and need no editor.
class CellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // Gives `view` a delegate of this kind and the rows of a table of a million: fixed heights, never sized
    // to contents (docs/performance.md).
    static void setUpView(QTableView *view);

    QString displayText(const QVariant &value, const QLocale &locale) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
