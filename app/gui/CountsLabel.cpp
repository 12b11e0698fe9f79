#include "CountsLabel.h"

#include "LocaleCount.h"
#include "ProfilesPane.h"
#include "UsersPane.h"

#include <QLocale>

CountsLabel::CountsLabel(QWidget *parent)
    : QLabel(parent)
{
    setAccessibleName(tr("Counts"));
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    setFrameShape(QFrame::StyledPanel);
}

void CountsLabel::showCounts(const UsersPane *usersPane, const ProfilesPane *profilesPane)
{
    if (!usersPane || !profilesPane) {
        setText(tr("No database open"));
        return;
    }
    const qint64 users = usersPane->userCount();
    const qint64 missing = usersPane->missingCount();
    QString usersText = users == 1 ? tr("1 user") : tr("%1 users").arg(localeCount(users));
    // A search or a filter says how many rows match, out of how many.
    if (usersPane->isNarrowed() && users >= 0) {
        const qint64 matches = usersPane->matchCount();
        const QString progress = usersPane->searchProgress();
        usersText = !progress.isEmpty() ? progress
                    : matches < 0       ? tr("counting the users that match, of %1").arg(usersText)
                                        : tr("%1 of %2 match").arg(localeCount(matches), usersText);
    }
    QString text;
    const QStringList tables = usersPane->profileTableNames();
    const QList<qint64> missingByTable = usersPane->missingCountsByTable();
    if (users < 0) {
        text = tr("Counting users…");
    } else if (tables.size() > 1) {
        // Several profile tables: how many users each one lacks.
        text = usersText;
        for (qsizetype i = 0; i < tables.size(); ++i) {
            const qint64 lacking = missingByTable.value(i, -1);
            text += lacking < 0 ? tr(" · counting users without %1…").arg(tables.at(i))
                                : tr(" · %1 without %2").arg(localeCount(lacking), tables.at(i));
        }
    } else if (missing < 0) {
        text = tr("%1 · counting users without profile…").arg(usersText);
    } else {
        text = tr("%1 · %2 without profile").arg(usersText, localeCount(missing));
    }
    if (profilesPane->isNarrowed()) {
        const qint64 matches = profilesPane->matchCount();
        const qint64 profiles = profilesPane->profileCount();
        text += matches < 0 || profiles < 0
                    ? tr(" · counting the profiles that match…")
                    : tr(" · %1 of %2 profiles match").arg(localeCount(matches), localeCount(profiles));
    }
    setText(text);
}
