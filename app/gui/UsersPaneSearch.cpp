// What the Users pane says while a search shows its quick first answer.
#include "UsersPane.h"

#include "UsersModel.h"

#include <QLocale>

QString UsersPane::searchProgress() const
{
    if (!m_model || !m_model->isShowingPrefixMatches())
        return {};
    const int found = m_model->prefixMatchCount();
    const QString text = m_model->searchText();
    // The quick phase reads one block at most: a full one means "at least".
    const QString start = found == 0   ? tr("No username starts with “%1”").arg(text)
                          : found == 1 ? tr("1 user starts with “%1”").arg(text)
                          : found < UsersModel::BlockRows
                              ? tr("%1 users start with “%2”").arg(QLocale().toString(found), text)
                              : tr("%1+ users start with “%2”").arg(QLocale().toString(found), text);
    return tr("%1 · searching the rest…").arg(start);
}
