#pragma once

#include <QDate>
#include <QWidget>

class QCalendarWidget;
class QLineEdit;
class QToolButton;

// The editor of a date cell: the date typed as text (YYYY-MM-DD), taken exactly as typed, and a calendar
// as a second way to pick one (the button beside the text, or Alt+Down). The text field is the focus
// proxy, so the grid's typing and F2 reach it.
class DateCellEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit DateCellEditor(QWidget *parent = nullptr);

    QLineEdit *lineEdit() const { return m_text; }
    // Opens the calendar on the typed date (today when there is none).
    void showCalendar();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void pick(const QDate &date);

    QLineEdit *m_text;
    QToolButton *m_button;
    QCalendarWidget *m_calendar = nullptr;
};
