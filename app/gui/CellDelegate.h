#pragma once

#include <QStyledItemDelegate>

// How a cell of either view looks and is edited: dates and times in ISO form with a calendar editor, NULL as
// a dimmed "NULL" (never confused with an empty text), and cells edited but not saved
// (ProfilesModel::DirtyRole) tinted and marked with a corner triangle. Booleans are the models' check boxes
// and need no editor.
class CellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

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
