#pragma once

#include "ProfileSchema.h"

#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>

// The Django code that keeps new users from arriving without a profile: a post_save receiver per profile
// model that creates the user's row with get_or_create (race-safe: the one-to-one link is unique, and
// get_or_create falls back to reading the row another process created first; a deadlock, which InnoDB can
// choose when several requests create the same row, is tried again outside the caller's own transaction),
// skipping fixtures (raw), and the AppConfig.ready() wiring that connects it. Models are named by their app
// label and model name as Django records them in django_content_type, so the code matches the real project.
class DjangoSnippet
{
public:
    // A profile table's Django model, as far as the database tells.
    struct Model
    {
        ProfileSchema schema;
        QString appLabel;   // "account"
        QString modelName;  // "profile" (Django's lower-case model name)
        bool found = false; // false: guessed from the table name, the code says so
    };

    // Looks every profile table and the user table up in django_content_type on `db`.
    DjangoSnippet(const QSqlDatabase &db, const QList<ProfileSchema> &profiles);

    // The code, as files marked "# ---- app/file.py ----", ready to paste.
    QString text() const;
    const QList<Model> &models() const { return m_models; }
    // The app that holds the receivers: the first profile model's.
    QString hostApp() const;

private:
    // The (app label, model) whose default table name Django would give `table`; found = false (a guess
    // from the table name) when the content types do not hold it.
    Model lookUp(const ProfileSchema &schema, const QList<QPair<QString, QString>> &contentTypes) const;
    QString receiver(const Model &model) const;

    QList<Model> m_models;
    QString m_userModel; // "auth.user", or the custom one; empty when not found
    QString m_contentTypeProblem;
};
