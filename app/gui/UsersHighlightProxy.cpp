#include "UsersHighlightProxy.h"

#include "Icons.h"
#include "StateColors.h"
#include "UsersModel.h"

#include <QGuiApplication>

QVariant UsersHighlightProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const QVariant value = QIdentityProxyModel::data(index, Qt::DisplayRole);
    const bool boolean = value.typeId() == QMetaType::Bool;
    switch (role) {
    case Qt::DisplayRole:
        return boolean ? QVariant() : value;
    case Qt::CheckStateRole:
        return boolean ? QVariant(value.toBool() ? Qt::Checked : Qt::Unchecked) : QVariant();
    case Qt::BackgroundRole:
        if (QIdentityProxyModel::data(index, UsersModel::MissingProfileRole).toBool())
            return StateColors::missingProfileBackground(QGuiApplication::palette());
        return {};
    case Qt::ForegroundRole:
        // The theme's text colour may not read on the amber; this one does.
        if (QIdentityProxyModel::data(index, UsersModel::MissingProfileRole).toBool())
            return StateColors::missingProfileText(QGuiApplication::palette());
        return {};
    case Qt::DecorationRole:
        if (index.column() == 0 && QIdentityProxyModel::data(index, UsersModel::MissingProfileRole).toBool())
            return Icons::icon(QStringLiteral("no-profile"));
        return {};
    case Qt::ToolTipRole:
        if (QIdentityProxyModel::data(index, UsersModel::MissingProfileRole).toBool())
            return missingText(index);
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == 0 && QIdentityProxyModel::data(index, UsersModel::MissingProfileRole).toBool())
            return tr("%1, %2").arg(value.toString(), missingText(index).toLower());
        return {};
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

QString UsersHighlightProxy::missingText(const QModelIndex &index) const
{
    // With one profile table "No profile" says it all; with several it names the tables the user lacks.
    const auto *users = qobject_cast<const UsersModel *>(sourceModel());
    if (!users || users->profileTables().size() < 2)
        return tr("No profile");
    const QStringList tables = QIdentityProxyModel::data(index, UsersModel::MissingTablesRole).toStringList();
    return tr("No profile in %1").arg(tables.join(QStringLiteral(", ")));
}
