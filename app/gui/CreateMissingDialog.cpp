#include "CreateMissingDialog.h"

#include "ui_CreateMissingDialog.h"

#include "DatabaseEngine.h"
#include "DjangoProject.h"
#include "MissingProfileFixer.h"

#include <QCheckBox>

#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>

namespace {

// What the value cell shows for a fill: the value itself where it is one, else what the database will do.
QString valueText(const ColumnFill &fill)
{
    if (fill.kind != ColumnFill::Kind::Value)
        return fill.displayValue();
    if (fill.value.typeId() == QMetaType::Bool)
        return fill.value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return fill.value.toString();
}

// An empty text value would look like no value at all: the value column says "empty text" instead, in
// italics, while its editor still starts empty.
class ValueDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString shown = index.data(Qt::AccessibleTextRole).toString();
        if (option->text.isEmpty() && !shown.isEmpty()) {
            option->text = shown;
            option->font.setItalic(true);
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        }
    }
};

} // namespace

CreateMissingDialog::CreateMissingDialog(const QSqlDatabase &db, const ProfileSchema &schema,
                                         const QMap<QString, QString> &overrides, qint64 missing,
                                         QWidget *parent)
    : QDialog(parent)
    , m_ui(new Ui::CreateMissingDialog)
    , m_db(db)
    , m_schema(schema)
    , m_overrides(overrides)
{
    m_ui->setupUi(this);
    const QString count = QLocale().toString(missing);
    m_ui->summaryLabel->setText(
        missing == 1 ? tr("1 user in %1 has no profile in %2.")
                           .arg(schema.userTable.display(), schema.profileTable.display())
                     : tr("%1 users in %2 have no profile in %3.")
                           .arg(count, schema.userTable.display(), schema.profileTable.display()));
    createButton()->setText(missing == 1 ? tr("Create 1 profile") : tr("Create %1 profiles").arg(count));
    createButton()->setAccessibleName(createButton()->text());
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    QFont mono = m_ui->sqlPreview->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setFamily(QStringLiteral("monospace"));
    m_ui->sqlPreview->setFont(mono);
    QFont bold = m_ui->errorLabel->font();
    bold.setBold(true);
    m_ui->errorLabel->setFont(bold);

    m_ui->valuesTable->setColumnCount(4);
    m_ui->valuesTable->setHorizontalHeaderLabels({tr("Column"), tr("Type"), tr("Value"), tr("Why")});
    m_ui->valuesTable->setRowCount(int(schema.profileColumns.size()));
    m_ui->valuesTable->setItemDelegateForColumn(ValueColumn, new ValueDelegate(m_ui->valuesTable));
    fillTable();
    rebuild();

    connect(m_ui->valuesTable, &QTableWidget::itemChanged, this, &CreateMissingDialog::valueEdited);
    connect(m_ui->resetButton, &QPushButton::clicked, this, &CreateMissingDialog::resetValues);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    createButton()->setFocus();
}

CreateMissingDialog::~CreateMissingDialog() = default;

QPushButton *CreateMissingDialog::createButton() const
{
    return m_ui->buttonBox->button(QDialogButtonBox::Ok);
}

void CreateMissingDialog::fillTable()
{
    for (int row = 0; row < m_schema.profileColumns.size(); ++row) {
        const ColumnInfo &column = m_schema.profileColumns.at(row);
        auto *name = new QTableWidgetItem(column.name);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        auto *type = new QTableWidgetItem(column.sqlType);
        type->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        auto *value = new QTableWidgetItem;
        // The link is always the user's key.
        value->setFlags(column.name == m_schema.linkColumn
                            ? Qt::ItemIsEnabled | Qt::ItemIsSelectable
                            : Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable);
        auto *reason = new QTableWidgetItem;
        reason->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_ui->valuesTable->setItem(row, NameColumn, name);
        m_ui->valuesTable->setItem(row, TypeColumn, type);
        m_ui->valuesTable->setItem(row, ValueColumn, value);
        m_ui->valuesTable->setItem(row, ReasonColumn, reason);
    }
}

void CreateMissingDialog::valueEdited(QTableWidgetItem *item)
{
    if (item->column() != ValueColumn)
        return;
    const QString column = m_schema.profileColumns.at(item->row()).name;
    m_overrides.insert(column, item->text());
    rebuild();
}

void CreateMissingDialog::resetValues()
{
    m_overrides.clear();
    rebuild();
}

void CreateMissingDialog::setDjangoModel(const DjangoModel *model)
{
    m_model = model;
    if (model && !m_viaDjango) {
        m_viaDjango = new QCheckBox(tr("Create through &Django"), this);
        m_viaDjango->setAccessibleName(tr("Create through Django"));
        m_viaDjango->setToolTip(tr("Create the profiles with %1's own code (save() and signals) in one "
                                   "transaction, as the site itself would")
                                    .arg(model->label()));
        m_ui->mainLayout->insertWidget(m_ui->mainLayout->indexOf(m_ui->buttonBox), m_viaDjango);
        connect(m_viaDjango, &QCheckBox::toggled, this, &CreateMissingDialog::rebuild);
    }
    rebuild();
}

bool CreateMissingDialog::viaDjango() const
{
    return m_viaDjango && m_viaDjango->isChecked();
}

void CreateMissingDialog::rebuild()
{
    m_plan = FillPlan::build(m_schema, DatabaseEngine::of(m_db), m_overrides, m_model);
    // The table is brought up to date in place: rebuilding items would end an edit in progress.
    const QSignalBlocker blocker(m_ui->valuesTable);
    for (int row = 0; row < m_schema.profileColumns.size(); ++row) {
        const QString name = m_schema.profileColumns.at(row).name;
        const ColumnFill *fill = nullptr;
        for (const auto &candidate : m_plan.columns()) {
            if (candidate.column == name)
                fill = &candidate;
        }
        QTableWidgetItem *value = m_ui->valuesTable->item(row, ValueColumn);
        QTableWidgetItem *reason = m_ui->valuesTable->item(row, ReasonColumn);
        // A column the plan could not fill keeps the text typed, and says what it needs.
        value->setText(fill ? valueText(*fill) : m_overrides.value(name));
        const bool emptyText = fill && fill->kind == ColumnFill::Kind::Value && value->text().isEmpty() &&
                               fill->value.typeId() == QMetaType::QString;
        value->setData(Qt::AccessibleTextRole, emptyText ? tr("empty text") : QVariant());
        // The SQL form tells an empty text ('') from no value at all.
        value->setToolTip(fill ? fill->displayValue() : QString());
        QFont font = value->font();
        font.setItalic(fill && fill->kind != ColumnFill::Kind::Value);
        value->setFont(font);
        reason->setText(fill ? fill->reason
                             : tr("needs a value that fits %1").arg(m_schema.profileColumns.at(row).sqlType));
    }
    m_ui->valuesTable->resizeColumnsToContents();

    const bool valid = m_plan.isValid();
    m_ui->errorLabel->setText(valid ? QString() : m_plan.errorText());
    m_ui->errorLabel->setVisible(!valid);
    m_ui->resetButton->setEnabled(!m_overrides.isEmpty());
    // The site's ORM computes what SQL cannot; nothing else that is wrong with the plan goes away with it.
    createButton()->setEnabled(valid || (viaDjango() && m_plan.needsDjangoOnly()));
    if (viaDjango()) {
        // What only the site's code can compute is no problem when the site's code creates the profiles.
        m_ui->errorLabel->setVisible(!valid && !m_plan.needsDjangoOnly());
        m_ui->sqlPreview->setPlainText(
            tr("-- Through the Django project: %1(user=…).save() for every user without one, in batches, "
               "inside one transaction.atomic().")
                .arg(m_model->label()));
        return;
    }
    m_ui->sqlPreview->setPlainText(valid ? MissingProfileFixer(m_db, m_schema, m_plan).previewSql() +
                                               QLatin1Char(';')
                                         : tr("-- No SQL until every column has a value that fits."));
}
