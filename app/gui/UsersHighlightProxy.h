#pragma once

#include <QIdentityProxyModel>

// Turns UsersModel's semantic MissingProfileRole into what people see: a palette-aware background, the
// "no-profile" icon on the first column and the tooltip "No profile" (with several profile tables, "No
// profile in" the tables the user lacks; never colour alone), plus accessible text for screen readers.
// Booleans become read-only check boxes.
class UsersHighlightProxy final : public QIdentityProxyModel
{
    Q_OBJECT

public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QString missingText(const QModelIndex &index) const;
};
