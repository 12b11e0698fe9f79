#include "MessageBox.h"

#include "PresetAnswer.h"

namespace {

PresetAnswer<QMessageBox::StandardButton> nextAnswer;
QString lastShown;

} // namespace

QMessageBox::StandardButton MessageBox::ask(QWidget *parent, QMessageBox::Icon icon, const QString &title,
                                            const QString &text, QMessageBox::StandardButtons buttons,
                                            QMessageBox::StandardButton defaultButton)
{
    lastShown = text;
    if (const auto preset = nextAnswer.take())
        return *preset;
    QMessageBox box(icon, title, text, buttons, parent);
    box.setDefaultButton(defaultButton);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return QMessageBox::StandardButton(box.exec());
}

QMessageBox::StandardButton MessageBox::question(QWidget *parent, const QString &title, const QString &text,
                                                 QMessageBox::StandardButtons buttons,
                                                 QMessageBox::StandardButton defaultButton)
{
    return ask(parent, QMessageBox::Question, title, text, buttons, defaultButton);
}

void MessageBox::warning(QWidget *parent, const QString &title, const QString &text)
{
    ask(parent, QMessageBox::Warning, title, text, QMessageBox::Ok, QMessageBox::Ok);
}

void MessageBox::setNextAnswer(QMessageBox::StandardButton answer)
{
    // NoButton takes back an answer given before, so that the next question is asked again.
    if (answer == QMessageBox::NoButton)
        nextAnswer.clear();
    else
        nextAnswer.set(answer);
}

QString MessageBox::lastText()
{
    return lastShown;
}
