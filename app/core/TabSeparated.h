#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

// Tab-separated cells as spreadsheets put them on the clipboard (LibreOffice Calc, Excel): fields separated
// by tabs, rows by line ends, and a field that holds a tab, a line end or a quote enclosed in quotes with its
// quotes doubled. What format() writes, parse() reads back unchanged, and parse() also takes what the
// spreadsheets write (CRLF or LF, a trailing line end).
namespace TabSeparated {

// A cell's value as a person would type it back: NULL as an empty field, booleans as true/false, dates and
// times in ISO 8601 (a time with its offset from UTC, so it reads the same anywhere), anything else as text.
QString cellText(const QVariant &value);
// `field` as it goes into a block: quoted when it holds a tab, a line end or a quote.
QString quoteField(const QString &field);
// The rows of a block, `headers` first when given. A single cell is its field alone, so that it pastes into
// any text field as it is; a block of several cells ends every row with a line end, as spreadsheets do, so
// that a last row holding one empty field survives the trip.
QString format(const QList<QStringList> &rows, const QStringList &headers = {});
// The rows of `text`, each a list of fields (rows may differ in length). One line end at the very end ends
// the last row rather than starting an empty one; an empty text is one empty field. A field is quoted only
// when it starts with a quote whose closing quote is followed by a tab, a line end or the end of the text;
// any other field, including an unclosed quote, is taken as it stands.
QList<QStringList> parse(const QString &text);

} // namespace TabSeparated
