#include "ChoicePrompt.h"

#include <QInputDialog>

namespace {

QString nextChoice;
bool nextSet = false;

} // namespace

QString ChoicePrompt::choose(QWidget *parent, const QString &title, const QString &label,
                             const QStringList &items)
{
    if (nextSet) {
        nextSet = false;
        return nextChoice;
    }
    bool ok = false;
    const QString item = QInputDialog::getItem(parent, title, label, items, 0, false, &ok);
    return ok ? item : QString();
}

void ChoicePrompt::setNextChoice(const QString &item)
{
    nextChoice = item;
    nextSet = true;
}
