#include "ChoicePrompt.h"

#include "PresetAnswer.h"

#include <QInputDialog>

namespace {

PresetAnswer<QString> nextChoice;

} // namespace

QString ChoicePrompt::choose(QWidget *parent, const QString &title, const QString &label,
                             const QStringList &items)
{
    if (const auto preset = nextChoice.take())
        return *preset;
    bool ok = false;
    const QString item = QInputDialog::getItem(parent, title, label, items, 0, false, &ok);
    return ok ? item : QString();
}

void ChoicePrompt::setNextChoice(const QString &item)
{
    nextChoice.set(item);
}
