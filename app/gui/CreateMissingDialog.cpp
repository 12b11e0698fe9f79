#include "CreateMissingDialog.h"

#include "LocaleCount.h"
#include "ui_CreateMissingDialog.h"

#include "DjangoProject.h"
#include "FillPlanEditor.h"
#include "FixScriptSaver.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>

CreateMissingDialog::CreateMissingDialog(const QSqlDatabase &db, const QList<Table> &tables, QWidget *parent)
    : QDialog(parent)
    , m_ui(new Ui::CreateMissingDialog)
    , m_tables(tables)
{
    m_ui->setupUi(this);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    const bool several = tables.size() > 1;
    for (const Table &table : tables) {
        const QString name = table.schema.profileTable.display();
        auto *check = new QCheckBox(
            table.missing == 1 ? tr("%1: 1 user without a profile").arg(name)
                               : tr("%1: %2 users without a profile").arg(name, localeCount(table.missing)),
            m_ui->tablesBox);
        check->setAccessibleName(name);
        // A table no user lacks has nothing to create.
        check->setChecked(table.missing > 0);
        check->setEnabled(table.missing > 0);
        m_ui->tablesLayout->addWidget(check);
        m_checks.append(check);
        auto *editor = new FillPlanEditor(db, table.schema, table.overrides, m_ui->planTabs);
        m_ui->planTabs->addTab(editor, name);
        m_editors.append(editor);
        connect(check, &QCheckBox::toggled, this, &CreateMissingDialog::update);
        connect(check, &QCheckBox::toggled, editor, &QWidget::setEnabled);
        editor->setEnabled(check->isChecked());
        connect(editor, &FillPlanEditor::planChanged, this, &CreateMissingDialog::update);
    }
    m_ui->tablesBox->setVisible(several);
    if (tables.size() == 1) {
        const Table &table = tables.first();
        const ProfileSchema &schema = table.schema;
        m_ui->summaryLabel->setText(table.missing == 1
                                        ? tr("1 user in %1 has no profile in %2.")
                                              .arg(schema.userTable.display(), schema.profileTable.display())
                                        : tr("%1 users in %2 have no profile in %3.")
                                              .arg(localeCount(table.missing), schema.userTable.display(),
                                                   schema.profileTable.display()));
    } else if (several) {
        m_ui->summaryLabel->setText(
            tr("Users in %1 lack profiles in %2 tables. The checked tables get their missing profiles, all "
               "in one transaction; each tab shows a table's values and SQL.")
                .arg(tables.first().schema.userTable.display())
                .arg(tables.size()));
    }
    connect(m_ui->onlineCheck, &QCheckBox::toggled, m_ui->onlineOptions, &QWidget::setEnabled);
    // A screen reader lands on a spin box's text field, so that field carries the spin box's name.
    for (QSpinBox *spin : {m_ui->batchSizeSpin, m_ui->maxLagSpin, m_ui->maxRateSpin}) {
        if (auto *text = spin->findChild<QLineEdit *>())
            text->setAccessibleName(spin->accessibleName());
    }
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // What `fix --sql` writes, for the checked tables and their values as they stand when clicked.
    m_saveSql =
        FixScriptSaver::makeButton(this, db, [this](QList<ProfileSchema> *schemas, QList<FillPlan> *plans) {
            for (int table : chosenTables()) {
                schemas->append(m_editors.at(table)->schema());
                plans->append(m_editors.at(table)->plan());
            }
        });
    m_ui->buttonBox->addButton(m_saveSql, QDialogButtonBox::ActionRole);
    update();
    createButton()->setFocus();
}

CreateMissingDialog::~CreateMissingDialog() = default;

QPushButton *CreateMissingDialog::createButton() const
{
    return m_ui->buttonBox->button(QDialogButtonBox::Ok);
}

QList<int> CreateMissingDialog::chosenTables() const
{
    QList<int> chosen;
    for (int i = 0; i < m_checks.size(); ++i) {
        if (m_checks.at(i)->isChecked())
            chosen.append(i);
    }
    return chosen;
}

const FillPlan &CreateMissingDialog::plan(int table) const
{
    return m_editors.at(table)->plan();
}

QMap<QString, QString> CreateMissingDialog::overrides(int table) const
{
    return m_editors.at(table)->overrides();
}

qint64 CreateMissingDialog::chosenCount() const
{
    qint64 total = 0;
    for (const int table : chosenTables())
        total += m_tables.at(table).missing;
    return total;
}

void CreateMissingDialog::update()
{
    const qint64 total = chosenCount();
    bool valid = total > 0;
    for (const int table : chosenTables()) {
        // The site's ORM can only create the rows of the tables it has a model for.
        valid = valid && m_editors.at(table)->canCreate() && (!viaDjango() || m_models.value(table));
    }
    createButton()->setText(total == 1 ? tr("Create 1 profile")
                                       : tr("Create %1 profiles").arg(localeCount(total)));
    createButton()->setAccessibleName(createButton()->text());
    createButton()->setEnabled(valid);
}

void CreateMissingDialog::setDjangoModels(const QList<const DjangoModel *> &models)
{
    m_models = models;
    const bool any =
        std::any_of(models.begin(), models.end(), [](const DjangoModel *model) { return model; });
    if (any && !m_viaDjango && !m_forSelectedUsers) {
        m_viaDjango = new QCheckBox(tr("Create through &Django"), this);
        m_viaDjango->setAccessibleName(tr("Create through Django"));
        m_viaDjango->setToolTip(
            tr("Create the profiles with the models' own code (save() and signals) in one "
               "transaction, as the site itself would"));
        m_ui->mainLayout->insertWidget(m_ui->mainLayout->indexOf(m_ui->buttonBox), m_viaDjango);
        connect(m_viaDjango, &QCheckBox::toggled, this, [this] { setDjangoModels(m_models); });
        // The site's ORM creates everything in one transaction.
        connect(m_viaDjango, &QCheckBox::toggled, this, [this](bool via) {
            if (via)
                m_ui->onlineCheck->setChecked(false);
            m_ui->onlineCheck->setEnabled(!via);
        });
    }
    for (int table = 0; table < m_editors.size(); ++table)
        m_editors.at(table)->setDjango(m_models.value(table), viaDjango());
    update();
}

void CreateMissingDialog::setSelectedUsers(qint64 users)
{
    m_forSelectedUsers = true;
    m_saveSql->hide();
    m_ui->onlineCheck->setChecked(false);
    m_ui->onlineCheck->hide();
    m_ui->onlineOptions->hide();
    if (m_viaDjango) {
        m_viaDjango->setChecked(false);
        m_viaDjango->hide();
    }
    for (qsizetype i = 0; i < m_checks.size(); ++i) {
        const Table &table = m_tables.at(i);
        const QString name = table.schema.profileTable.display();
        m_checks.at(i)->setText(
            table.missing == 1
                ? tr("%1: 1 selected user without a profile").arg(name)
                : tr("%1: %2 selected users without a profile").arg(name, localeCount(table.missing)));
    }
    m_ui->summaryLabel->setText(
        users == 1
            ? tr("The selected user lacks profiles in %1 tables. The checked tables get theirs, all in "
                 "one transaction; each tab shows a table's values.")
                  .arg(m_tables.size())
            : tr("%1 selected users lack profiles in %2 tables. The checked tables get the profiles "
                 "they lack, all in one transaction; each tab shows a table's values.")
                  .arg(localeCount(users))
                  .arg(m_tables.size()));
}

bool CreateMissingDialog::viaDjango() const
{
    return m_viaDjango && m_viaDjango->isChecked();
}

bool CreateMissingDialog::online() const
{
    return m_ui->onlineCheck->isChecked() && !m_forSelectedUsers && !viaDjango();
}

OnlineOptions CreateMissingDialog::onlineOptions() const
{
    OnlineOptions options;
    options.batchSize = m_ui->batchSizeSpin->value();
    options.maxReplicaLagSeconds = m_ui->maxLagSpin->value();
    options.maxRate = m_ui->maxRateSpin->value();
    options.expectedProfiles = chosenCount();
    return options;
}
