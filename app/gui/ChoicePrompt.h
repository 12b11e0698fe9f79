#pragma once

#include <QString>
#include <QStringList>

class QWidget;

// Asks the user to pick one of `items` (e.g. which table is the profile table), answerable beforehand by
// tests like MessageBox.
class ChoicePrompt
{
public:
    // The chosen item, or an empty string when the user cancelled.
    static QString choose(QWidget *parent, const QString &title, const QString &label,
                          const QStringList &items);
    // The next prompt returns `item` at once and shows nothing.
    static void setNextChoice(const QString &item);
};
