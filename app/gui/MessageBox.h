#pragma once

#include <QMessageBox>
#include <QString>

// Every question and warning of the GUI goes through here, so that tests can answer it beforehand
// (KeePassXC's MessageBox::setNextAnswer) instead of facing a modal box.
class MessageBox
{
public:
    static QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                                QMessageBox::StandardButtons buttons,
                                                QMessageBox::StandardButton defaultButton);
    static void warning(QWidget *parent, const QString &title, const QString &text);

    // The next question or warning returns `answer` at once and shows nothing.
    static void setNextAnswer(QMessageBox::StandardButton answer);
    // The text of the last question or warning, shown or answered beforehand.
    static QString lastText();

private:
    static QMessageBox::StandardButton ask(QWidget *parent, QMessageBox::Icon icon, const QString &title,
                                           const QString &text, QMessageBox::StandardButtons buttons,
                                           QMessageBox::StandardButton defaultButton);
};
