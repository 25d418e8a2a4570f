"""CSV downloads open correctly in German Excel and read back to the same figures."""

import csv
import io

from matchmaker.csv_export import csv_response


def test_csv_is_utf8_with_bom_semicolons_and_german_decimals(app):
    response = csv_response("auswertung.csv", ["Stadtbezirk", "Vermittlungen", "Anteil"],
                            [["Meiderich/Beeck", 12, 0.25], ["Süd", "< 5", 12.5], ["=SUMME(A1)", None, None]])
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    assert response.headers["Content-Disposition"] == 'attachment; filename="auswertung.csv"'
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Stadtbezirk", "Vermittlungen", "Anteil"], ["Meiderich/Beeck", "12", "0,2"],
                    ["Süd", "< 5", "12,5"], ["'=SUMME(A1)", "", ""]]
