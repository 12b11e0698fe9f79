#include "DateCellEditor.h"

#include <QApplication>
#include <QCalendarWidget>
#include <QFocusEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QToolButton>

DateCellEditor::DateCellEditor(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLineEdit(this))
    , m_button(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_button);
    m_text->setFrame(false);
    m_text->setPlaceholderText(tr("YYYY-MM-DD"));
    m_text->setAccessibleName(tr("Date"));
    m_button->setText(QStringLiteral("\u25BE"));
    m_button->setAccessibleName(tr("Pick a date"));
    m_button->setToolTip(tr("Pick a date from a calendar (Alt+Down)"));
    // The keyboard path is Alt+Down in the text: the button never takes focus from it.
    m_button->setFocusPolicy(Qt::NoFocus);
    setFocusProxy(m_text);
    setAutoFillBackground(true);
    m_text->installEventFilter(this);
    connect(m_button, &QToolButton::clicked, this, &DateCellEditor::showCalendar);
}

void DateCellEditor::showCalendar()
{
    if (!m_calendar) {
        // A child popup: the grid's delegate sees focus stay inside its editor while the calendar is open.
        m_calendar = new QCalendarWidget(this);
        m_calendar->setWindowFlags(Qt::Popup);
        m_calendar->setAccessibleName(tr("Calendar"));
        m_calendar->setGridVisible(true);
        connect(m_calendar, &QCalendarWidget::activated, this, &DateCellEditor::pick);
        connect(m_calendar, &QCalendarWidget::clicked, this, &DateCellEditor::pick);
    }
    const QDate typed = QDate::fromString(m_text->text().trimmed(), Qt::ISODate);
    m_calendar->setSelectedDate(typed.isValid() ? typed : QDate::currentDate());
    m_calendar->adjustSize();
    m_calendar->move(mapToGlobal(QPoint(0, height())));
    m_calendar->show();
    m_calendar->setFocus(Qt::PopupFocusReason);
}

void DateCellEditor::pick(const QDate &date)
{
    m_text->setText(date.toString(Qt::ISODate));
    m_calendar->hide();
    // Some platforms leave no window active when a popup closes: the keyboard goes back to the grid's.
    window()->activateWindow();
    m_text->setFocus(Qt::PopupFocusReason);
}

bool DateCellEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_text && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Down && key->modifiers() == Qt::AltModifier) {
            showCalendar();
            return true;
        }
    }
    // The delegate watches this widget, not the text inside it: it hears of the text losing focus here.
    if (watched == m_text && event->type() == QEvent::FocusOut) {
        QFocusEvent focusOut(QEvent::FocusOut, static_cast<QFocusEvent *>(event)->reason());
        QApplication::sendEvent(this, &focusOut);
    }
    return QWidget::eventFilter(watched, event);
}
