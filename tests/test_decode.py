import pytest

from transforms.decode import DecodeFailure, decode_bytes

URDU = "اسلام آباد (اے پی پی) وزیر اعظم نے کہا ہے کہ گھر"
# Windows-1256 has no U+06CC; Urdu written with it uses the Arabic yeh, as here.
URDU_1256 = "اسلام آباد (اے پي پي) وزير اعظم نے کہا ہے کہ گھر"


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (URDU.encode("utf-8"), URDU, "utf-8"),
        (b"\xef\xbb\xbf" + URDU.encode("utf-8"), URDU, "utf-8-sig"),
        (URDU.encode("utf-16"), URDU, "utf-16"),
        (b"\xfe\xff" + URDU.encode("utf-16-be"), URDU, "utf-16"),
        (URDU_1256.encode("cp1256"), URDU_1256, "windows-1256"),
        (b"date 2025-01-01 plain ASCII", "date 2025-01-01 plain ASCII", "utf-8"),
    ],
)
def test_encodings_seen_in_the_wild_decode(data, text, encoding):
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding == encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
        ("\ufeff".encode("utf-8"), "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
        (URDU.encode("utf-16-le"), "binary"),  # UTF-16 without a BOM is not guessed
        (b"caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade", "undecodable"),  # Latin-1 text
        (b"\xef\xbb\xbf" + b"\xff\xfe\xfd broken", "undecodable"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data, reason):
    with pytest.raises(DecodeFailure) as failure:
        decode_bytes(data)
    assert failure.value.reason == reason
    assert failure.value.detail


def test_only_control_characters_other_than_tab_and_line_breaks_count_as_binary():
    layout = URDU + "\t\r\n\f" * 20  # tabs, line breaks and form feeds are text
    assert decode_bytes(layout.encode("utf-8")).text == layout
    stray = URDU * 3 + "\x07"  # one control character in over a hundred: under 1%, still text
    assert decode_bytes(stray.encode("utf-8")).text == stray
    with pytest.raises(DecodeFailure) as failure:
        decode_bytes((URDU + "\x0b\x1f").encode("utf-8"))  # two in fifty
    assert failure.value.reason == "binary"
