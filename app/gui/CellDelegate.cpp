#include "CellDelegate.h"

#include "ProfileSchema.h"
#include "ProfilesModel.h"
#include "StateColors.h"

#include <QDateEdit>
#include <QDateTimeEdit>
#include <QHeaderView>
#include <QPainter>
#include <QPainterPath>
#include <QTableView>

namespace {

const QString DateFormat = QStringLiteral("yyyy-MM-dd");
const QString DateTimeFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");

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
    if (value.typeId() == QMetaType::QDate)
        return value.toDate().toString(DateFormat);
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toLocalTime().toString(DateTimeFormat);
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
        option->font.setBold(true);
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
    switch (familyOf(index)) {
    case ColumnFamily::Boolean:
        return nullptr;
    case ColumnFamily::Date: {
        auto *editor = new QDateEdit(parent);
        editor->setCalendarPopup(true);
        editor->setDisplayFormat(DateFormat);
        editor->setAccessibleName(tr("Date"));
        return editor;
    }
    case ColumnFamily::DateTime: {
        auto *editor = new QDateTimeEdit(parent);
        editor->setCalendarPopup(true);
        editor->setDisplayFormat(DateTimeFormat);
        editor->setAccessibleName(tr("Date and time"));
        return editor;
    }
    default: {
        QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (editor)
            editor->setAccessibleName(index.model()->headerData(index.column(), Qt::Horizontal).toString());
        return editor;
    }
    }
}

void CellDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant value = index.data(Qt::EditRole);
    if (auto *dateTimeEdit = qobject_cast<QDateTimeEdit *>(editor)) {
        // A NULL date starts from today rather than Qt's 2000-01-01.
        if (familyOf(index) == ColumnFamily::Date)
            dateTimeEdit->setDate(value.isNull() ? QDate::currentDate() : value.toDate());
        else
            dateTimeEdit->setDateTime(value.isNull() ? QDateTime::currentDateTime()
                                                     : value.toDateTime().toLocalTime());
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void CellDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *dateTimeEdit = qobject_cast<QDateTimeEdit *>(editor)) {
        if (familyOf(index) == ColumnFamily::Date)
            model->setData(index, dateTimeEdit->date());
        else
            model->setData(index, dateTimeEdit->dateTime());
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}
