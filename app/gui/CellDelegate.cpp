#include "CellDelegate.h"

#include "CellInput.h"
#include "DateCellEditor.h"
#include "Icons.h"
#include "ProfileSchema.h"
#include "ProfilesModel.h"
#include "StateColors.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QTableView>

namespace {

ColumnFamily familyOf(const QModelIndex &index)
{
    const QVariant family = index.data(ProfilesModel::ColumnFamilyRole);
    return family.isValid() ? ColumnFamily(family.toInt()) : ColumnFamily::Other;
}

// A NULL the user should see as such: the Users view's model gives no family, only the value.
bool isNullCell(const QModelIndex &index)
{
    if (index.data(Qt::CheckStateRole).isValid())
        return false; // booleans show their check box
    const QVariant value = index.data(Qt::EditRole);
    return value.isValid() && value.isNull();
}

// The text field of an editor made by createEditor().
QLineEdit *lineEditOf(QWidget *editor)
{
    if (auto *date = qobject_cast<DateCellEditor *>(editor))
        return date->lineEdit();
    return qobject_cast<QLineEdit *>(editor);
}

bool isInvalidCell(const QModelIndex &index)
{
    return !index.data(ProfilesModel::InvalidReasonRole).toString().isEmpty();
}

} // namespace

void CellDelegate::setUpView(QTableView *view)
{
    view->setItemDelegate(new CellDelegate(view));
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
}

QString CellDelegate::displayText(const QVariant &value, const QLocale &locale) const
{
    // ISO dates read the same in every locale and sort as they read.
    // Date-times in UTC with their offset, as typed and as Django stores them.
    if (value.typeId() == QMetaType::QDate || value.typeId() == QMetaType::QDateTime)
        return CellInput::text(value, ColumnFamily::Other);
    return QStyledItemDelegate::displayText(value, locale);
}

void CellDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (isNullCell(index)) {
        option->text = QStringLiteral("NULL");
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text, StateColors::nullText(option->palette));
    }
    if (index.data(ProfilesModel::DirtyRole).toBool()) {
        option->backgroundBrush = StateColors::editedBackground(option->palette);
        if (!isNullCell(index))
            option->palette.setColor(QPalette::Text, StateColors::editedText(option->palette));
        option->font.setBold(true);
    }
    // Refused text (or a value the database refused): its own colour, a warning icon and the reason as
    // tooltip.
    if (isInvalidCell(index)) {
        option->backgroundBrush = StateColors::invalidBackground(option->palette);
        option->palette.setColor(QPalette::Text, StateColors::invalidText(option->palette));
        option->font.setItalic(false);
        option->icon = Icons::icon(QStringLiteral("invalid-value"));
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationPosition = QStyleOptionViewItem::Right;
    }
}

void CellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    if (!index.data(ProfilesModel::DirtyRole).toBool())
        return;
    // The corner marker keeps edited cells apparent without relying on the tint alone.
    const qreal size = qMin(option.rect.height(), 10) * 0.8;
    QPainterPath corner;
    corner.moveTo(option.rect.topLeft());
    corner.lineTo(option.rect.left() + size, option.rect.top());
    corner.lineTo(option.rect.left(), option.rect.top() + size);
    corner.closeSubpath();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->fillPath(corner, StateColors::editedMarker(option.palette));
    painter->restore();
}

QWidget *CellDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    const QString column = index.model()->headerData(index.column(), Qt::Horizontal).toString();
    switch (familyOf(index)) {
    case ColumnFamily::Boolean:
        return nullptr;
    case ColumnFamily::Date:
        return new DateCellEditor(parent);
    default: {
        // Every value is typed as text and checked by the model (CellInput): no spin box or section editor
        // turns what was typed into another value.
        Q_UNUSED(option);
        auto *editor = new QLineEdit(parent);
        editor->setFrame(false);
        editor->setAccessibleName(column);
        const QVariant maxLength = index.data(ProfilesModel::MaxLengthRole);
        if (maxLength.isValid() && maxLength.toInt() > 0)
            editor->setMaxLength(maxLength.toInt());
        if (familyOf(index) == ColumnFamily::DateTime)
            editor->setPlaceholderText(tr("YYYY-MM-DD HH:MM:SS+00:00"));
        return editor;
    }
    }
}

void CellDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    QLineEdit *text = lineEditOf(editor);
    if (!text) {
        QStyledItemDelegate::setEditorData(editor, index);
        return;
    }
    // A refused text comes back as typed; anything else in the form the model reads back.
    text->setText(CellInput::text(index.data(Qt::EditRole), familyOf(index)));
}

void CellDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (QLineEdit *text = lineEditOf(editor)) {
        model->setData(index, text->text(), ProfilesModel::InputRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}
