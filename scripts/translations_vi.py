"""Fill src/parindex/web/locale/vi/LC_MESSAGES/django.po from the table below, then compile it.

Run after ``django-admin makemessages -l vi`` (from src/parindex/web). Keeping the Vietnamese text
in one reviewed table makes missing translations a test failure (tests/web/test_i18n.py) rather
than English text slipping into the Vietnamese interface.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "src/parindex/web/locale/vi/LC_MESSAGES/django.po"

VI = {
    "Unit (name, code or id)": "Đơn vị (tên, mã hoặc mã định danh)", "Corrected points": "Điểm đính chính",
    "Reason for the correction": "Lý do đính chính", "%(n)s survey criterion awaits the survey's data": "%(n)s tiêu chí điều tra đang chờ dữ liệu điều tra",
    "Excel files": "Tệp Excel", "Take this step for every unit ticked?": "Thực hiện bước này cho mọi đơn vị đã chọn?",
    "For the units ticked below": "Với các đơn vị được chọn bên dưới", "Do it": "Thực hiện", "Tick every unit of this page": "Chọn mọi đơn vị trên trang này",
    "corrected points must be a number": "điểm đính chính phải là số", "%(action)s: %(n)s units (%(units)s).": "%(action)s: %(n)s đơn vị (%(units)s).",
    "Tick the units to act on first.": "Hãy chọn các đơn vị trước.",
    "A correction publishes a new version with its reason; correct the criteria first, on the units' pages. Earlier versions stay on record.":
        "Đính chính là công bố một phiên bản mới kèm lý do; hãy sửa điểm các tiêu chí trước, trên trang của từng đơn vị. Các phiên bản trước vẫn được lưu.",
    "Publish a corrected version": "Công bố phiên bản đính chính",
    "The whole file with points, reasons and evidence (XLSX)": "Toàn bộ hồ sơ kèm điểm, lý do và tài liệu kiểm chứng (XLSX)",
    "Where the units stand": "Tình hình các đơn vị", "Excluded": "Bị loại", "%(n)s unit is late against its deadline:": "%(n)s đơn vị đã quá hạn:",
    "due": "hạn", "late only": "chỉ đơn vị quá hạn", "Criteria without inputs": "Tiêu chí chưa có số liệu",
    "Criteria without evidence": "Tiêu chí chưa có tài liệu kiểm chứng", "Deadline": "Thời hạn", "late": "quá hạn", "extended": "đã gia hạn",
    "every year": "mọi năm",
    "Inputs entered": "Số liệu đầu vào đã nhập", "Self-assessed points": "Điểm tự đánh giá", "Unit's note": "Ghi chú của đơn vị",
    "Appraised points": "Điểm thẩm định", "Appraiser's reason": "Lý do thẩm định", "Final points": "Điểm chính thức",
    "Reason for the final points": "Lý do của điểm chính thức", "Evidence attached": "Đã đính kèm tài liệu kiểm chứng",
    "Evidence removed": "Đã gỡ tài liệu kiểm chứng", "File moved to a new step": "Hồ sơ chuyển sang bước mới",
    "Unit's deadline extended": "Gia hạn cho đơn vị", "Unit excluded or taken back": "Loại đơn vị khỏi đợt hoặc đưa trở lại",
    "Evaluation year created": "Tạo đợt đánh giá", "Evaluation year moved to a new stage": "Đợt đánh giá chuyển sang giai đoạn mới",
    "Deadline changed": "Đổi thời hạn", "Council approval": "Hội đồng thông qua", "Results published": "Công bố kết quả",
    "Checksum of the published results recorded": "Ghi mã kiểm tra của kết quả đã công bố", "Programme created": "Tạo chương trình",
    "Survey data imported": "Nhập dữ liệu điều tra", "Survey results applied to the criteria": "Áp dụng kết quả điều tra vào các tiêu chí",
    "Survey data withdrawn": "Rút dữ liệu điều tra", "Account created": "Tạo tài khoản", "Account enabled or disabled": "Mở hoặc khóa tài khoản",
    "Link to set a password sent": "Gửi đường dẫn đặt mật khẩu", "Role granted": "Giao vai trò", "Role withdrawn": "Thu hồi vai trò",
    "Demo data loaded": "Nạp dữ liệu minh họa",
    "Programme's own units imported": "Nhập danh mục đơn vị của chương trình",
    "A province's departments (from a registry file)": "Các sở, ban, ngành của tỉnh (từ tệp danh mục)",
    "A province's communes and wards (from a registry file)": "Các xã, phường của tỉnh (từ tệp danh mục)",
    "The programme's own units: a registry file (.xlsx or .csv)": "Đơn vị của chương trình: tệp danh mục (.xlsx hoặc .csv)",
    "One row per unit: code, name, kind, parent, valid from, valid to, predecessors.":
        "Mỗi đơn vị một dòng: mã, tên, loại, trực thuộc, hiệu lực từ, hiệu lực đến, đơn vị trước.",
    "A programme of a province's own units needs their registry file.": "Chương trình đánh giá đơn vị của tỉnh cần có tệp danh mục đơn vị.",
    "a file of type %(types)s": "một tệp loại %(types)s", "%(name)s cannot be read": "không đọc được %(name)s",
    "A province's own index: fill in the criteria table and the registry of its units, then upload both below.":
        "Chỉ số riêng của tỉnh: điền bảng tiêu chí và danh mục đơn vị, rồi tải cả hai lên dưới đây.",
    "Criteria table to fill (.xlsx)": "Bảng tiêu chí để điền (.xlsx)", "Registry of units to fill (.xlsx)": "Danh mục đơn vị để điền (.xlsx)",
    "or a methodology file (.yaml) or criteria table (.xlsx)": "hoặc tệp phương pháp (.yaml) hay bảng tiêu chí (.xlsx)",
    "Every unit of the programme (its own units when it has a registry, else every unit of its kind) that exists on 31 December of the year gets its file. Units can be excluded from the cycle later, each with a reason.":
        "Mọi đơn vị của chương trình (đơn vị trong danh mục riêng nếu có, nếu không thì mọi đơn vị cùng loại) còn tồn tại ngày 31 tháng 12 của năm đều có hồ sơ. Sau này có thể loại đơn vị khỏi đợt, kèm lý do.",
    "or the registry of a province's communes and wards since 1 July 2025": "hoặc danh mục xã, phường của một tỉnh từ ngày 1/7/2025",
    "Download": "Tải về",
    "Average of all units": "Trung bình các đơn vị", "Strongest area against the average of all units": "Lĩnh vực mạnh nhất so với trung bình các đơn vị",
    "Criteria table (Excel), to start an index of one's own": "Bảng tiêu chí (Excel), để xây dựng bộ chỉ số của riêng mình",
    "Every published year": "Mọi năm đã công bố", "No results of this programme have been published yet.": "Chương trình này chưa công bố kết quả nào.",
    "Every programme": "Mọi chương trình",
    "the system": "hệ thống (tự động)",
    "Go to area": "Đến lĩnh vực", "Areas of the file": "Các lĩnh vực của hồ sơ",
    "Remove": "Gỡ bỏ", "%(what)s: removed from the evidence.": "%(what)s: đã gỡ khỏi tài liệu kiểm chứng.",
    "evidence is removed while it can be attached": "chỉ gỡ tài liệu kiểm chứng khi còn được đính kèm",
    "Remove this file from the criterion's evidence?": "Gỡ tệp này khỏi tài liệu kiểm chứng của tiêu chí?",
    "this file is not among the criterion's evidence": "tệp này không thuộc tài liệu kiểm chứng của tiêu chí",
    "the file has rows for other units: %(units)s": "tệp có dòng của đơn vị khác: %(units)s", "only the row of %(unit)s": "chỉ dòng của %(unit)s",
    "Download the unit's inputs as Excel": "Tải số liệu của đơn vị dưới dạng Excel",
    "Upload the filled Excel file (every criterion at once; nothing is saved if any cell is wrong)":
        "Tải lên tệp Excel đã điền (mọi tiêu chí một lần; không lưu gì nếu có ô sai)",
    "Upload and save": "Tải lên và lưu", "Nothing in this area was saved. Correct these and save again:": "Chưa lưu gì trong lĩnh vực này. Hãy sửa các mục sau rồi lưu lại:",
    "Save area %(code)s": "Lưu lĩnh vực %(code)s", "Choose a file to upload.": "Hãy chọn tệp để tải lên.", "%(area)s: %(n)s criteria saved.": "%(area)s: đã lưu %(n)s tiêu chí.",
    "Choose the unit's filled Excel file.": "Hãy chọn tệp Excel đã điền của đơn vị.",
    "%(name)s: %(n)s criteria saved from the file.": "%(name)s: đã lưu %(n)s tiêu chí từ tệp.",
    "Letters, digits and @ . + - _ only.": "Chỉ dùng chữ, số và @ . + - _.", "Full name": "Họ và tên",
    "Email (the password link is sent there)": "Thư điện tử (đường dẫn đặt mật khẩu được gửi tới đây)", "Role": "Vai trò",
    "— whole programme —": "— toàn chương trình —", "— every cycle —": "— mọi đợt đánh giá —", "Only for the cycle": "Chỉ cho đợt đánh giá",
    "Roster (.xlsx or .csv)": "Danh sách tài khoản (.xlsx hoặc .csv)", "Email each new person the link to set a password": "Gửi thư cho mỗi người mới kèm đường dẫn đặt mật khẩu",
    "the file is empty": "tệp trống", "a header row (%(columns)s) and one row per person and role": "một dòng tiêu đề (%(columns)s) và mỗi người, mỗi vai trò một dòng",
    "the header lacks %(columns)s": "dòng tiêu đề thiếu %(columns)s", "a username of letters, digits and @ . + - _": "tên đăng nhập gồm chữ, số và @ . + - _",
    "the person's full name": "họ và tên của người này", "an email address to send the password link to": "một địa chỉ thư điện tử để gửi đường dẫn đặt mật khẩu",
    "one of: %(roles)s": "một trong: %(roles)s", "the code of the unit this role is for": "mã của đơn vị mà vai trò này thuộc về",
    "no unit: this role is for the whole programme": "không ghi đơn vị: vai trò này dành cho toàn chương trình",
    "the short name of a cycle, or nothing": "tên ngắn của một đợt đánh giá, hoặc để trống",
    "each person and role once (first in row %(row)s)": "mỗi người, mỗi vai trò một lần (đã có ở dòng %(row)s)", "this value cannot be used": "giá trị này không dùng được",
    "Hello %(name)s, an account was prepared for you in parindex. Your username is %(username)s.":
        "Chào %(name)s, một tài khoản parindex đã được tạo cho bạn. Tên đăng nhập của bạn là %(username)s.",
    "To choose your password, open this link (it works for one day):": "Để đặt mật khẩu, hãy mở đường dẫn sau (có hiệu lực trong một ngày):",
    "If you did not expect this email, you can ignore it.": "Nếu bạn không chờ thư này, bạn có thể bỏ qua.", "parindex: set your password": "parindex: đặt mật khẩu của bạn",
    "People and roles": "Người dùng và vai trò", "Search (name, username, email, unit)": "Tìm (họ tên, tên đăng nhập, thư điện tử, đơn vị)", "Search": "Tìm",
    "Roles": "Vai trò", "active": "đang hoạt động", "deactivated": "đã khóa", "No one matches.": "Không có ai phù hợp.", "previous": "trước",
    "page %(n)s of %(total)s": "trang %(n)s / %(total)s", "next": "sau", "A new person": "Thêm người dùng", "Create the account": "Tạo tài khoản",
    "Many people at once": "Thêm nhiều người một lần", "Import a roster from Excel or CSV": "Nhập danh sách tài khoản từ Excel hoặc CSV",
    "last login": "đăng nhập lần cuối", "every cycle": "mọi đợt đánh giá", "Take this role away?": "Thu hồi vai trò này?", "Take away": "Thu hồi",
    "No role yet.": "Chưa có vai trò.", "Give the role": "Giao vai trò", "Account": "Tài khoản", "Email the link to set a password": "Gửi thư kèm đường dẫn đặt mật khẩu",
    "Deactivate this account? The person can no longer log in; the history stays.": "Khóa tài khoản này? Người này không đăng nhập được nữa; lịch sử vẫn được giữ.",
    "Deactivate the account": "Khóa tài khoản", "Reactivate the account": "Mở lại tài khoản", "Back to people and roles": "Về trang người dùng và vai trò",
    "Import a roster": "Nhập danh sách tài khoản", "One row per person and role, with the columns:": "Mỗi người, mỗi vai trò một dòng, với các cột:",
    "Units by their code; the cycle is optional (a role held for one cycle only). Nothing is created while any row has a problem.":
        "Đơn vị ghi bằng mã; đợt đánh giá không bắt buộc (vai trò chỉ cho một đợt). Không tạo gì khi còn dòng có lỗi.",
    "Download the template (XLSX)": "Tải mẫu (XLSX)", "Nothing was imported. Correct these rows and upload the file again:": "Chưa nhập gì. Hãy sửa các dòng sau rồi tải tệp lên lại:",
    "the username %(name)s is taken": "tên đăng nhập %(name)s đã có người dùng", "another username": "một tên đăng nhập khác",
    "this role is held for one unit": "vai trò này gắn với một đơn vị", "this role is for the whole programme, not one unit": "vai trò này dành cho toàn chương trình, không gắn với một đơn vị",
    "you cannot deactivate your own account": "bạn không thể khóa tài khoản của chính mình", "%(name)s has no email address": "%(name)s chưa có địa chỉ thư điện tử",
    "an email address on the account": "một địa chỉ thư điện tử trong tài khoản",
    "%(name)s: account created; give a role, then send the password link.": "%(name)s: đã tạo tài khoản; hãy giao vai trò, rồi gửi đường dẫn đặt mật khẩu.",
    "%(name)s: role given.": "%(name)s: đã giao vai trò.", "%(name)s: role taken away.": "%(name)s: đã thu hồi vai trò.",
    "%(name)s can log in again.": "%(name)s đã có thể đăng nhập lại.", "%(name)s can no longer log in.": "%(name)s không còn đăng nhập được.",
    "The link to set a password was sent to %(email)s.": "Đường dẫn đặt mật khẩu đã được gửi tới %(email)s.",
    "%(rows)s roles imported; %(new)s new accounts.": "Đã nhập %(rows)s vai trò; %(new)s tài khoản mới.",
    "Audit log": "Nhật ký thay đổi", "Export these entries (CSV)": "Xuất các mục này (CSV)", "%(n)s entry": "%(n)s mục", "Where": "Ở đâu",
    "Unit (id, e.g. VN-31-2025)": "Đơn vị (mã định danh, ví dụ VN-31-2025)", "Criterion (e.g. 1.1.2)": "Tiêu chí (ví dụ 1.1.2)",
    "Person (username)": "Người thực hiện (tên đăng nhập)", "From": "Từ ngày", "To": "Đến ngày",
    "%(later)s (%(b)s) comes before %(earlier)s (%(a)s): the rounds follow each other":
        "%(later)s (%(b)s) đứng trước %(earlier)s (%(a)s): các vòng phải nối tiếp nhau",
    "— a new programme —": "— chương trình mới —", "Programme": "Chương trình", "New programme's code (e.g. par-province)": "Mã chương trình mới (ví dụ par-province)",
    "New programme's name": "Tên chương trình mới", "Provinces": "Tỉnh, thành phố", "Ministries": "Bộ, cơ quan ngang bộ", "Units it assesses": "Đơn vị được đánh giá",
    "Year": "Năm", "Short name in addresses (e.g. par-province-2026)": "Tên ngắn dùng trong địa chỉ (ví dụ par-province-2026)",
    "Built-in methodology": "Phương pháp có sẵn", "or a methodology file (.yaml)": "hoặc tệp phương pháp (.yaml)", "— none —": "— không có —",
    "Last year's cycle": "Đợt đánh giá năm trước",
    "Choose a programme, or give the new programme's code, name and units.": "Hãy chọn một chương trình, hoặc nhập mã, tên và loại đơn vị của chương trình mới.",
    "Choose a built-in methodology or upload a methodology file (one of the two).": "Hãy chọn một phương pháp có sẵn hoặc tải lên tệp phương pháp (một trong hai).",
    "%(name)s: the methodology file is too large": "%(name)s: tệp phương pháp quá lớn", "at most 1 MB": "tối đa 1 MB",
    "%(name)s is not UTF-8 text": "%(name)s không phải văn bản UTF-8", "a YAML file saved as UTF-8": "một tệp YAML lưu dạng UTF-8",
    "a cycle named %(slug)s exists already": "đã có đợt đánh giá tên %(slug)s", "another short name": "một tên ngắn khác",
    "Administration": "Quản trị", "New cycle": "Đợt đánh giá mới", "Create the cycle": "Tạo đợt đánh giá",
    "Every unit of the programme's kind that exists on 31 December of the year gets its file. Units can be excluded from the cycle later, each with a reason.":
        "Mọi đơn vị thuộc loại của chương trình còn tồn tại ngày 31 tháng 12 của năm đều có hồ sơ. Sau đó có thể loại đơn vị khỏi đợt đánh giá, kèm lý do.",
    "%(what)s: created with %(n)s units.": "%(what)s: đã tạo với %(n)s đơn vị.",
    "Stop and say which stratum": "Dừng lại và báo tầng nào", "Centre on the grand mean (R's \"adjust\")": "Lấy trung bình chung làm tâm (\"adjust\" của R)",
    "Average of the other strata (R's \"average\")": "Trung bình của các tầng khác (\"average\" của R)",
    "Leave it out of the variance (R's \"remove\")": "Bỏ ra khỏi phương sai (\"remove\" của R)",
    "Sampling weights": "Trọng số mẫu", "Clusters, first stage (e.g. commune)": "Cụm giai đoạn 1 (ví dụ xã/phường)",
    "Clusters, second stage": "Cụm giai đoạn 2", "Population size, first stage": "Kích thước tổng thể, giai đoạn 1",
    "Population size, second stage": "Kích thước tổng thể, giai đoạn 2", "A stratum with a single cluster": "Tầng chỉ có một cụm",
    "The wave is unweighted: every respondent counts the same": "Đợt khảo sát không có trọng số: mọi người trả lời được tính như nhau",
    "Who ran the survey (and when)": "Cơ quan thực hiện khảo sát (và thời gian)", "Why the wave is withdrawn": "Lý do rút đợt dữ liệu",
    "Responses with their design": "Phiếu trả lời kèm thiết kế mẫu", "Unit-level results": "Kết quả theo đơn vị",
    "Design columns": "Các cột thiết kế mẫu", "%(total)s rows": "%(total)s dòng",
    "Choose the columns that carry the sample design. A column whose name looks like weights is chosen already; if the survey has no weights, say so below.":
        "Chọn các cột chứa thiết kế mẫu. Cột có tên giống trọng số đã được chọn sẵn; nếu khảo sát không có trọng số, hãy đánh dấu ở dưới.",
    "Check and import the wave": "Kiểm tra và nhập đợt dữ liệu", "Back to the survey data": "Về trang dữ liệu điều tra",
    "Results estimated by another body": "Kết quả do cơ quan khác ước lượng", "Row": "Dòng", "Share (%%)": "Tỷ lệ (%%)",
    "Standard error (points)": "Sai số chuẩn (điểm phần trăm)", "Keep these results": "Lưu các kết quả này", "%(n)s rows": "%(n)s dòng",
    "Withdrawn": "Đã rút", "Applied to the survey criteria": "Đã áp dụng vào các tiêu chí điều tra",
    "Apply these estimates to the survey criteria of every unit they cover?": "Áp dụng các ước lượng này vào tiêu chí điều tra của mọi đơn vị có trong đó?",
    "Withdraw this wave": "Rút đợt dữ liệu này", "Element or criterion": "Thành phần hoặc tiêu chí", "95 %% interval": "Khoảng tin cậy 95 %%",
    "overall": "chung", "Survey data": "Dữ liệu điều tra xã hội học", "Survey criteria and what is still missing": "Các tiêu chí điều tra và phần còn thiếu",
    "Survey": "Cuộc khảo sát", "Units without data": "Đơn vị chưa có dữ liệu", "results table only": "chỉ nhập bảng kết quả", "none — complete": "không — đã đủ",
    "Import a wave of responses": "Nhập một đợt phiếu trả lời",
    "One row per respondent: the respondent's ID, the unit, an answer per item, and the design columns (weights, strata, clusters). Download the template of the questionnaire to see every column, with its guide.":
        "Mỗi người trả lời một dòng: mã người trả lời, đơn vị, câu trả lời cho từng câu hỏi, và các cột thiết kế mẫu (trọng số, tầng, cụm). Tải mẫu của bảng hỏi để xem mọi cột kèm hướng dẫn.",
    "template": "mẫu", "Questionnaire": "Bảng hỏi", "Upload and choose the design columns": "Tải lên và chọn cột thiết kế mẫu",
    "When another body ran the survey, enter each unit's result for each survey criterion: the share in percent, its standard error and the number of respondents.":
        "Khi cơ quan khác thực hiện khảo sát, hãy nhập kết quả của từng đơn vị cho từng tiêu chí điều tra: tỷ lệ phần trăm, sai số chuẩn và số người trả lời.",
    "Table to fill": "Bảng để điền", "or type them in here": "hoặc nhập trực tiếp tại đây", "Filled table (.xlsx, .csv)": "Bảng đã điền (.xlsx, .csv)",
    "Upload the results": "Tải lên kết quả", "Survey data received": "Dữ liệu điều tra đã nhận", "Kind": "Loại", "Rows": "Số dòng",
    "withdrawn": "đã rút", "applied": "đã áp dụng", "not applied yet": "chưa áp dụng",
    "the table has no results to keep": "bảng không có kết quả nào để lưu", "at least one row with a share": "ít nhất một dòng có tỷ lệ",
    "this wave was withdrawn; import the data again to use it": "đợt dữ liệu này đã bị rút; hãy nhập lại dữ liệu để sử dụng",
    "only a wave that was neither applied nor withdrawn can be withdrawn": "chỉ rút được đợt dữ liệu chưa áp dụng và chưa bị rút",
    "Choose the file of responses to import.": "Hãy chọn tệp phiếu trả lời để nhập.", "Choose one of the cycle's questionnaires.": "Hãy chọn một bảng hỏi của đợt đánh giá.",
    "Upload the file of responses first.": "Hãy tải lên tệp phiếu trả lời trước.", "%(name)s: %(n)s responses imported.": "%(name)s: đã nhập %(n)s phiếu trả lời.",
    "Choose the filled table and say who ran the survey.": "Hãy chọn bảng đã điền và cho biết cơ quan thực hiện khảo sát.",
    "%(n)s unit results kept; apply them to the survey criteria.": "Đã lưu %(n)s kết quả theo đơn vị; hãy áp dụng vào các tiêu chí điều tra.",
    "the table typed in": "bảng nhập trực tiếp", "whole country": "cả nước",
    "The wave was withdrawn; it stays on record with your reason.": "Đợt dữ liệu đã được rút; hồ sơ vẫn lưu kèm lý do của bạn.",
    "the uploaded file is no longer available; upload it again": "tệp đã tải lên không còn; hãy tải lên lại",
    "Review the draft ranking and approve it": "Xem bảng xếp hạng dự kiến và thông qua", "Council review": "Hội đồng xem xét",
    "The ranking and groups below are computed now from the final points; they become the published results once the council approves and the administrator publishes.":
        "Bảng xếp hạng và phân nhóm dưới đây được tính ngay lúc này từ điểm đã chốt; chúng trở thành kết quả công bố sau khi Hội đồng thông qua và quản trị viên công bố.",
    "Draft ranking": "Bảng xếp hạng dự kiến",
    "%(n)s change of points since self-assessment": "%(n)s thay đổi điểm so với tự đánh giá", "Back to the cycle": "Về đợt đánh giá",
    "%(n)s unit is not final yet": "%(n)s đơn vị chưa chốt kết quả",
    "Return the cycle to the final appraisal": "Đưa đợt đánh giá về vòng thẩm định lần cuối",
    "%(what)s: back in the final appraisal.": "%(what)s: đã trở về vòng thẩm định lần cuối.",
    "a cycle returns to the final appraisal from the council stage": "đợt đánh giá chỉ trở về vòng thẩm định lần cuối từ giai đoạn Hội đồng",
    "the council has approved these results; publish them, then correct what must change":
        "Hội đồng đã thông qua kết quả này; hãy công bố, sau đó đính chính những gì cần thay đổi",
    "Return the cycle to the final appraisal? The council will review the results again afterwards.":
        "Đưa đợt đánh giá về vòng thẩm định lần cuối? Hội đồng sẽ xem xét lại kết quả sau đó.",
    "%(unit)s is excluded from this cycle: %(reason)s": "%(unit)s đã bị loại khỏi đợt đánh giá này: %(reason)s",
    "evidence is attached during self-assessment, before submission, or with the explanations":
        "tài liệu kiểm chứng được đính kèm trong giai đoạn tự đánh giá, trước khi gửi, hoặc cùng với giải trình",
    "Submit the unit's self-assessment for appraisal? Its inputs can no longer be changed afterwards.":
        "Gửi hồ sơ tự đánh giá của đơn vị đi thẩm định? Sau khi gửi, số liệu không sửa được nữa.",
    "Send the unit's explanations to the appraisers? They can no longer be changed afterwards.":
        "Gửi giải trình của đơn vị cho thẩm định viên? Sau khi gửi, giải trình không sửa được nữa.",
    "Finalise this unit's points? They are what the council will review.": "Chốt điểm của đơn vị này? Đây là điểm Hội đồng sẽ xem xét.",
    "Extend the unit's deadline": "Gia hạn cho đơn vị", "%(what)s: deadline extended.": "%(what)s: đã gia hạn.",
    "a unit's deadline is extended while the cycle's rounds are open": "chỉ gia hạn cho đơn vị khi các vòng của đợt đánh giá còn mở",
    "the unit's results are final; reopen them first": "kết quả của đơn vị đã chốt; hãy mở lại trước",
    "Reopen the unit's last step": "Mở lại bước vừa qua của đơn vị", "%(what)s: reopened.": "%(what)s: đã mở lại.",
    "a unit's step is reopened while the cycle's rounds are open": "chỉ mở lại bước của đơn vị khi các vòng của đợt đánh giá còn mở",
    "Send this unit back one step? What it did in that step can be done again.":
        "Đưa hồ sơ của đơn vị này lùi lại một bước? Việc đã làm ở bước đó có thể làm lại.",
    "Exclude the unit from the cycle": "Loại đơn vị khỏi đợt đánh giá", "%(what)s: excluded from the cycle.": "%(what)s: đã bị loại khỏi đợt đánh giá.",
    "a unit is excluded before the results are published": "chỉ loại đơn vị trước khi công bố kết quả",
    "the unit is already excluded, or the council has approved the results": "đơn vị đã bị loại, hoặc Hội đồng đã thông qua kết quả",
    "Exclude this unit? It will be published as not assessed, with your reason.":
        "Loại đơn vị này? Đơn vị sẽ được công bố là không đánh giá, kèm lý do của bạn.",
    "Bring the unit back into the cycle": "Đưa đơn vị trở lại đợt đánh giá", "%(what)s: back in the cycle.": "%(what)s: đã trở lại đợt đánh giá.",
    "a unit is brought back while the cycle's rounds are open": "chỉ đưa đơn vị trở lại khi các vòng của đợt đánh giá còn mở",
    "the unit is not excluded": "đơn vị không bị loại",
    "Move the whole cycle to the next stage? Units' rounds close unless their deadline was extended.":
        "Chuyển cả đợt đánh giá sang giai đoạn tiếp theo? Vòng của các đơn vị sẽ đóng, trừ đơn vị được gia hạn.",
    "Approve the draft ranking and groups as the council? The administrator can then publish them.":
        "Hội đồng thông qua bảng xếp hạng và phân nhóm dự kiến? Sau đó quản trị viên có thể công bố.",
    "Publish these results? A published version never changes; a correction is a new version with its reason.":
        "Công bố kết quả này? Bản đã công bố không bao giờ thay đổi; đính chính là một phiên bản mới kèm lý do.",
    "Confirmation": "Xác nhận", "Open until": "Mở đến ngày",
    "%(n)s unit is not ready for %(stage)s:": "%(n)s đơn vị chưa sẵn sàng cho giai đoạn %(stage)s:",
    "extended until": "gia hạn đến",
    "The council approves final results only: finalise these units, or exclude them with a reason, first.":
        "Hội đồng chỉ thông qua kết quả đã chốt: hãy chốt kết quả các đơn vị này, hoặc loại chúng kèm lý do, trước.",
    "I confirm moving the cycle on without these units. Their rounds close unless I extend their deadline; I can also exclude a unit with a reason.":
        "Tôi xác nhận chuyển giai đoạn khi các đơn vị này chưa sẵn sàng. Vòng của các đơn vị sẽ đóng, trừ khi tôi gia hạn; tôi cũng có thể loại một đơn vị kèm lý do.",
    "Reason (optional)": "Lý do (không bắt buộc)", "This unit is excluded from the cycle.": "Đơn vị này đã bị loại khỏi đợt đánh giá.",
    "This unit's round is open until %(day)s.": "Vòng của đơn vị này được mở đến ngày %(day)s.",
    "Steps of this unit's file": "Các bước của hồ sơ đơn vị", "an extension ends today or later": "ngày gia hạn phải từ hôm nay trở đi",
    "a date from today on": "một ngày từ hôm nay trở đi", "every unit final, or excluded with a reason": "mọi đơn vị đã chốt kết quả, hoặc bị loại kèm lý do",
    "%(n)s units are not ready for the next stage; confirm to move on without them":
        "%(n)s đơn vị chưa sẵn sàng cho giai đoạn tiếp theo; hãy xác nhận để chuyển giai đoạn khi chưa có các đơn vị này",
    "a confirmation naming them (extend their deadline, or exclude them, to settle them)":
        "xác nhận có nêu tên các đơn vị (gia hạn hoặc loại để giải quyết các đơn vị này)",
    "moved on without: %(units)s": "đã chuyển giai đoạn khi chưa có: %(units)s",
    "Not assessed in this cycle.": "Không đánh giá trong đợt này.", "Back to the ranking": "Về bảng xếp hạng",
    "Not assessed in this cycle": "Không đánh giá trong đợt này",
    "results are published from the council stage, and corrected once published":
        "kết quả được công bố từ giai đoạn Hội đồng và được đính chính sau khi đã công bố",
    "%(what)s: saved.": "%(what)s: đã lưu.",
    "%(what)s: attached as evidence.": "%(what)s: đã đính kèm làm tài liệu kiểm chứng.",
    "%(what)s: appraised.": "%(what)s: đã thẩm định.",
    "%(what)s: explanation saved.": "%(what)s: đã lưu giải trình.",
    "%(what)s: corrected; publish a new version for the public to see it.":
        "%(what)s: đã đính chính; hãy công bố phiên bản mới để công chúng thấy.",
    "the appraisal round is finished during appraisal, for a submitted unit":
        "chỉ kết thúc vòng thẩm định trong giai đoạn thẩm định, với hồ sơ đã gửi",
    "explanations are sent during the explanation round, after appraisal": "chỉ gửi giải trình trong vòng giải trình, sau thẩm định",
    "results are finalised during the final appraisal, after explanations": "chỉ chốt kết quả trong vòng thẩm định lần cuối, sau giải trình",
    "a published cycle's deadlines no longer change": "thời hạn của đợt đánh giá đã công bố không còn thay đổi được",
    "from the council stage a cycle moves on only by being published": "từ giai đoạn Hội đồng, đợt đánh giá chỉ chuyển tiếp bằng việc công bố",
    "the council has already approved this cycle": "Hội đồng đã thông qua đợt đánh giá này",
    "Correct": "Đính chính",
    "the %(stage)s stage": "giai đoạn %(stage)s",
    "the %(stage)s stage with the unit's file %(state)s": "giai đoạn %(stage)s, hồ sơ của đơn vị ở trạng thái %(state)s",
    " or ": " hoặc ",
    "audit entry": "mục nhật ký",
    "National administrator": "Quản trị viên cấp quốc gia", "Unit editor": "Cán bộ nhập liệu của đơn vị",
    "Unit approver": "Lãnh đạo phê duyệt của đơn vị", "Appraiser": "Thẩm định viên", "Council member": "Thành viên Hội đồng",
    "Survey manager": "Cán bộ quản lý điều tra",
    "Setup": "Chuẩn bị", "Self-assessment": "Tự đánh giá", "Appraisal": "Thẩm định", "Explanation": "Giải trình",
    "Final appraisal": "Thẩm định lần cuối", "Council": "Hội đồng", "Published": "Đã công bố",
    "Draft": "Bản nháp", "Submitted": "Đã gửi", "Appraised": "Đã thẩm định", "Explained": "Đã giải trình", "Final": "Chính thức",
    "history": "lịch sử", "yours": "của bạn", "now": "hiện tại", "yes": "có", "no": "không", "Save draft": "Lưu nháp",
    "Unit's explanation": "Giải trình của đơn vị", "Points": "Điểm", "Reason": "Lý do", "Appraise": "Thẩm định",
    "Save explanation": "Lưu giải trình", "Evidence file": "Tệp tài liệu kiểm chứng", "Upload": "Tải lên",
    "Cycle stage": "Giai đoạn của đợt đánh giá", "Assessment": "Hồ sơ đánh giá", "Points so far": "Điểm hiện tại",
    "Completeness": "Mức độ đầy đủ",
    "%(n)s criterion lacks inputs": "%(n)s tiêu chí chưa có số liệu",
    "%(n)s criterion lacks evidence": "%(n)s tiêu chí chưa có tài liệu kiểm chứng",
    "Sign and submit": "Ký và gửi", "Finish appraisal round": "Kết thúc vòng thẩm định", "Send explanations": "Gửi giải trình",
    "Finalise": "Chốt kết quả", "Criterion": "Tiêu chí", "Max": "Tối đa", "Evidence": "Tài liệu kiểm chứng", "Stage": "Giai đoạn",
    "Methodology": "Phương pháp", "Move the cycle to the next stage": "Chuyển đợt đánh giá sang giai đoạn tiếp theo",
    "Approved by the council": "Hội đồng đã thông qua", "Approve as the council": "Thông qua (Hội đồng)",
    "Reason (required for a correction)": "Lý do (bắt buộc khi đính chính)", "Publish": "Công bố", "Unit": "Đơn vị",
    "State": "Trạng thái", "History": "Lịch sử", "When": "Thời điểm", "Who": "Người thực hiện", "What": "Nội dung",
    "Old": "Giá trị cũ", "New": "Giá trị mới", "Why": "Lý do", "My work": "Việc của tôi", "Cycles": "Các đợt đánh giá",
    "Assessments": "Hồ sơ đánh giá", "Cycle": "Đợt đánh giá", "Nothing assigned to you.": "Bạn chưa được giao hồ sơ nào.",
    "Results": "Kết quả", "No results have been published yet.": "Chưa có kết quả nào được công bố.", "Version": "Phiên bản",
    "Correction": "Đính chính", "Rank": "Xếp hạng", "Appraisal points": "Điểm thẩm định", "Survey points": "Điểm điều tra XHH",
    "Index (%%)": "Chỉ số (%%)", "Group": "Nhóm", "Change": "Thay đổi", "Index": "Chỉ số", "Ranking": "Bảng xếp hạng",
    "Log out": "Đăng xuất", "Log in": "Đăng nhập", "Username": "Tên đăng nhập", "Password": "Mật khẩu",
    "%(code)s was changed by %(who)s while you were editing": "%(code)s đã được %(who)s thay đổi trong lúc bạn đang sửa",
    "version %(v)s": "phiên bản %(v)s", "review their change below, then save again": "xem thay đổi bên dưới rồi lưu lại",
    "inputs can only change during self-assessment, before submission": "chỉ được sửa số liệu trong giai đoạn tự đánh giá, trước khi gửi",
    "cycle in self-assessment and assessment in draft": "đợt đánh giá ở giai đoạn tự đánh giá và hồ sơ ở dạng nháp",
    "only a draft can be submitted, during self-assessment": "chỉ gửi được hồ sơ nháp, trong giai đoạn tự đánh giá",
    "%(n)s criteria still lack inputs": "còn %(n)s tiêu chí chưa có số liệu", "every criterion filled in": "mọi tiêu chí đều có số liệu",
    "appraisal is closed for this unit": "không thể thẩm định đơn vị này lúc này",
    "cycle in appraisal with the unit submitted, or in final appraisal with the unit explained":
        "giai đoạn thẩm định với hồ sơ đã gửi, hoặc thẩm định lần cuối với hồ sơ đã giải trình",
    "a change of points needs a reason": "thay đổi điểm phải có lý do", "a reason the unit can read": "lý do để đơn vị đọc được",
    "explanations are taken during the explanation round, after appraisal": "chỉ nhận giải trình trong vòng giải trình, sau thẩm định",
    "only adjusted criteria are explained": "chỉ giải trình các tiêu chí bị điều chỉnh điểm",
    "a criterion the appraiser changed": "một tiêu chí đã được thẩm định viên điều chỉnh",
    "cannot move from %(a)s to %(b)s now": "không thể chuyển từ %(a)s sang %(b)s lúc này",
    "cycle in %(c)s and assessment %(a)s": "đợt đánh giá ở giai đoạn %(c)s và hồ sơ %(a)s",
    "publish with the publish action, which freezes a snapshot": "hãy dùng chức năng Công bố để lưu bản kết quả cố định",
    "a cycle in %(a)s cannot move to %(b)s": "đợt đánh giá ở giai đoạn %(a)s không thể chuyển sang %(b)s",
    "the next stage, %(s)s": "giai đoạn kế tiếp, %(s)s",
    "the council approves during the council stage": "Hội đồng thông qua trong giai đoạn Hội đồng",
    "%(n)s units are not final yet": "còn %(n)s đơn vị chưa có kết quả chính thức",
    "every assessment final": "mọi hồ sơ đều có kết quả chính thức",
    "appraised points must be a number": "điểm thẩm định phải là số", "choose a file to upload": "hãy chọn tệp để tải lên",
    "a cycle is published after the council has approved it": "chỉ công bố sau khi Hội đồng thông qua",
    "council stage with approval": "giai đoạn Hội đồng, đã được thông qua",
    "a correction needs a reason": "đính chính phải có lý do", "why the published figures change": "lý do thay đổi số liệu đã công bố",
    "corrections are made to published cycles": "chỉ đính chính đợt đánh giá đã công bố",
    "%(name)s: file is too large": "%(name)s: tệp quá lớn", "at most %(mb)s MB": "tối đa %(mb)s MB",
    "%(name)s: file is empty": "%(name)s: tệp rỗng",
    "file name must be a plain name, not a path": "tên tệp phải là tên đơn giản, không phải đường dẫn",
    "a name such as bao-cao.pdf": "một tên như bao-cao.pdf",
    "%(name)s: this type of file is not accepted": "%(name)s: không nhận loại tệp này",
    "PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG": "PDF, Word, Excel, PowerPoint, OpenDocument, PNG hoặc JPEG",
    "%(name)s: the content is not a %(type)s file": "%(name)s: nội dung không phải tệp %(type)s",
    "a real .%(ext)s file": "một tệp .%(ext)s thật",
    "the deadline for this round was %(day)s": "hạn của vòng này là ngày %(day)s",
    "an action before the deadline, or a new deadline from the administrator": "thao tác trước hạn, hoặc hạn mới do quản trị viên đặt",
    "Survey waves": "Các đợt điều tra", "Survey wave": "Đợt điều tra", "Responses (.csv, .xlsx, .parquet)": "Phiếu trả lời (.csv, .xlsx, .parquet)",
    "Weights": "Quyền số", "Strata": "Tầng", "Clusters (stage 1,stage 2)": "Cụm (cấp 1,cấp 2)",
    "Population sizes (stage 1,stage 2)": "Quy mô tổng thể (cấp 1,cấp 2)", "Import": "Nhập", "Respondents": "Người trả lời",
    "Imported": "Đã nhập", "Applied": "Đã áp dụng", "Apply to the survey criteria": "Áp dụng vào các tiêu chí điều tra",
    "Element": "Yếu tố", "CV > 20 %%: not reliable": "CV > 20 %%: chưa đủ tin cậy",
    "the cycle is published; survey figures can no longer change": "đợt đánh giá đã công bố; không thể thay đổi số liệu điều tra",
    "All data (zip)": "Toàn bộ dữ liệu (zip)", "Region": "Vùng", "Sort by": "Sắp xếp theo", "Show": "Xem",
    "National average": "Trung bình cả nước", "Strongest area against the national average": "Lĩnh vực mạnh nhất so với trung bình cả nước",
    "How sure is each rank? The 90 %% rank interval and the chance of staying in the same group come from %(n)s recomputations in which every area's weight varies by up to ±%(w)s %% of itself and every survey estimate varies within its sampling error (seed %(seed)s).":
        "Thứ hạng chắc chắn đến đâu? Khoảng xếp hạng 90 %% và khả năng giữ nguyên nhóm được tính từ %(n)s lần tính lại, mỗi lần trọng số của từng lĩnh vực thay đổi tối đa ±%(w)s %% và mỗi kết quả điều tra thay đổi trong phạm vi sai số chọn mẫu (hạt giống ngẫu nhiên %(seed)s).",
    "With the uncertainty of weights and survey, the rank lies between %(low)s and %(high)s in 90 %% of recomputations.":
        "Khi tính đến sai số của trọng số và điều tra, thứ hạng nằm trong khoảng từ %(low)s đến %(high)s ở 90 %% số lần tính lại.",
    "What to fix": "Cần khắc phục",
    "To reach group %(group)s (%(points)s more points), the fewest criteria to complete are %(n)s:":
        "Để lên nhóm %(group)s (cần thêm %(points)s điểm), số tiêu chí ít nhất cần hoàn thành là %(n)s:",
    "Points lost": "Điểm bị mất", "Best performer": "Đơn vị tốt nhất",
    "Map": "Bản đồ", "Report": "Báo cáo", "Colour by": "Tô màu theo", "Data table": "Bảng số liệu",
    "Boundaries: Natural Earth (public domain), simplified; Hoàng Sa and Trường Sa drawn as part of Việt Nam.":
        "Ranh giới: Natural Earth (phạm vi công cộng), đã giản lược; quần đảo Hoàng Sa và Trường Sa được thể hiện là lãnh thổ Việt Nam.",
    "Weakest": "Yếu nhất", "Where points were lost": "Những tiêu chí bị mất điểm", "Every criterion": "Toàn bộ tiêu chí",
    "Deadlines": "Thời hạn", "Save deadlines": "Lưu thời hạn", "dates are written YYYY-MM-DD": "ngày viết theo dạng YYYY-MM-DD", "Self-assessment closes on": "Hạn tự đánh giá", "Explanations close on": "Hạn giải trình",
    "evidence is attached during self-assessment, before submission": "chỉ đính kèm tài liệu trong giai đoạn tự đánh giá, trước khi gửi",
    # Refusals: too big, busy, forbidden, missing (web/guards.py, the API, the error pages).
    "The page's security token is missing or out of date; reload the page and try again.":
        "Mã bảo mật của trang bị thiếu hoặc đã hết hạn; vui lòng tải lại trang rồi thử lại.",
    "Your role or unit does not allow this.": "Vai trò hoặc đơn vị của bạn không được phép thực hiện việc này.",
    "Log in or send an API token to do this.": "Hãy đăng nhập hoặc gửi mã API (token) để thực hiện việc này.",
    "The request is too large.": "Yêu cầu quá lớn.",
    "The database is busy; nothing was saved. Please try again in a few seconds.":
        "Cơ sở dữ liệu đang bận; chưa có gì được lưu. Vui lòng thử lại sau vài giây.",
    "Vietnamese": "Tiếng Việt", "English": "Tiếng Anh",
    "The request could not be understood.": "Không hiểu được yêu cầu này.",
    "Reload the page and try again.": "Vui lòng tải lại trang rồi thử lại.",
    "You may not open this page.": "Bạn không được phép mở trang này.",
    "Your role or unit does not give access to it. Ask your administrator if you need it.":
        "Vai trò hoặc đơn vị của bạn không có quyền truy cập trang này. Nếu cần, hãy liên hệ quản trị viên.",
    "This page does not exist.": "Trang này không tồn tại.",
    "Check the address, or start again from your work or the published results.":
        "Hãy kiểm tra lại địa chỉ, hoặc bắt đầu lại từ trang công việc của bạn hay trang kết quả đã công bố.",
    "Expected: %(expected)s.": "Yêu cầu: %(expected)s.",
    "These published results cannot be shown: the stored figures do not match the checksum recorded when they were published. The administrators have been alerted.":
        "Không thể hiển thị kết quả đã công bố này: số liệu đang lưu không khớp với mã kiểm tra được ghi lại khi công bố. Quản trị viên đã được báo.",
    "Audit log now holds %(seq)s entries; the last one's hash is %(digest)s. Note it: anyone can later check that the log still holds that entry unchanged.":
        "Nhật ký kiểm toán hiện có %(seq)s mục; mã băm của mục cuối là %(digest)s. Hãy ghi lại: sau này bất kỳ ai cũng có thể kiểm tra nhật ký vẫn còn nguyên mục đó.",
    # Accounts: lockout and password reset (templates/registration).
    "Too many failed log-ins": "Đăng nhập sai quá nhiều lần",
    "This account is locked on this computer for 15 minutes after five wrong passwords. Wait, then try again — or reset your password by email.":
        "Tài khoản này bị khóa trên máy tính này trong 15 phút vì đã nhập sai mật khẩu năm lần. Vui lòng chờ rồi thử lại — hoặc đặt lại mật khẩu qua thư điện tử.",
    "Forgot your password?": "Quên mật khẩu?",
    "Reset your password": "Đặt lại mật khẩu",
    "Enter the email address of your account; we will send a link to choose a new password.":
        "Nhập địa chỉ thư điện tử của tài khoản; hệ thống sẽ gửi đường dẫn để bạn chọn mật khẩu mới.",
    "Email": "Thư điện tử", "Send the link": "Gửi đường dẫn", "Check your email": "Hãy kiểm tra thư điện tử",
    "If an account has this address, a link to choose a new password is on its way. It works for one day.":
        "Nếu có tài khoản dùng địa chỉ này, đường dẫn để chọn mật khẩu mới đang được gửi đến. Đường dẫn có hiệu lực trong một ngày.",
    "Choose a new password": "Chọn mật khẩu mới", "New password": "Mật khẩu mới", "New password again": "Nhập lại mật khẩu mới",
    "Save the new password": "Lưu mật khẩu mới",
    "This link has expired or was already used. Ask for a new one.": "Đường dẫn này đã hết hạn hoặc đã được dùng. Hãy yêu cầu đường dẫn mới.",
    "Password changed": "Đã đổi mật khẩu", "Your new password is saved.": "Mật khẩu mới của bạn đã được lưu.",
    "parindex: choose a new password": "parindex: chọn mật khẩu mới",
    "Someone asked to reset the password of the parindex account %(user)s.": "Có người đã yêu cầu đặt lại mật khẩu cho tài khoản parindex %(user)s.",
    "To choose a new password, open this link (it works for one day):": "Để chọn mật khẩu mới, hãy mở đường dẫn sau (có hiệu lực trong một ngày):",
    "If it was not you, ignore this email: your password stays as it is.": "Nếu không phải bạn yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn vẫn giữ nguyên.",
    # Printed documents (publication/printing.py) and download limits.
    "This document is being prepared; it will be ready in a moment. Please try again shortly.":
        "Tài liệu đang được chuẩn bị và sẽ sẵn sàng ngay; vui lòng thử lại sau giây lát.",
    "Too many downloads from your address in a short time. Please wait a minute and try again.":
        "Bạn đã tải quá nhiều tài liệu trong thời gian ngắn. Vui lòng chờ một phút rồi thử lại.",
    "Printed documents": "Tài liệu in",
    "Version %(version)s: %(ready)s of %(total)s documents (PDF reports, workbook, rank intervals) are ready.":
        "Phiên bản %(version)s: %(ready)s trên %(total)s tài liệu (báo cáo PDF, tệp Excel, khoảng thứ hạng) đã sẵn sàng.",
    "%(waiting)s are being printed; reload this page to follow. Visitors asking for one before it is ready get it printed on the spot.":
        "%(waiting)s tài liệu đang được in; tải lại trang để theo dõi. Người xem cần tài liệu trước khi in xong sẽ được in ngay khi yêu cầu.",
    "%(failed)s could not be printed; the error is in the server log, and the next request for each tries again.":
        "%(failed)s tài liệu không in được; lỗi đã ghi trong nhật ký máy chủ, và lần yêu cầu tiếp theo sẽ in lại.",
    "Waiting to be printed": "Đang chờ in", "Being printed": "Đang in", "Ready": "Sẵn sàng", "Failed": "Lỗi",
    # The API's contract (api_contract.py, guards.ApiAnswersJson) and corrections.
    "The request body could not be read; send JSON.": "Không đọc được nội dung yêu cầu; hãy gửi JSON.",
    "There is nothing at this address, or you may not see it.": "Không có gì ở địa chỉ này, hoặc bạn không được phép xem.",
    "The request does not match what this operation takes.": "Yêu cầu không đúng với dữ liệu mà thao tác này nhận.",
    "This operation does not take this HTTP method.": "Thao tác này không nhận phương thức HTTP này.",
    "nothing has changed since version %(v)s; a correction publishes changed figures":
        "không có gì thay đổi kể từ phiên bản %(v)s; đính chính chỉ công bố khi số liệu đã thay đổi",
    "a corrected point, reason or survey figure before publishing again":
        "một điểm, lý do hoặc số liệu điều tra đã được đính chính trước khi công bố lại",
    "This API token is not valid (unknown, revoked, or its account is disabled).":
        "Mã API (token) này không hợp lệ (không tồn tại, đã bị thu hồi, hoặc tài khoản đã bị khóa).",
    "This password is too short: it must have at least %(n)s characters.": "Mật khẩu quá ngắn: phải có ít nhất %(n)s ký tự.",
    "At least %(n)s characters.": "Ít nhất %(n)s ký tự.",
    # What a person reads once an action went through (cycles/views.py DONE), and the stage guard.
    "%(what)s: submitted for appraisal.": "%(what)s: đã gửi để thẩm định.",
    "%(what)s: appraisal round finished.": "%(what)s: đã kết thúc vòng thẩm định.",
    "%(what)s: explanations sent.": "%(what)s: đã gửi giải trình.",
    "%(what)s: results finalised.": "%(what)s: đã chốt kết quả.",
    "%(what)s: deadlines saved.": "%(what)s: đã lưu các thời hạn.",
    "%(what)s: moved to the next stage.": "%(what)s: đã chuyển sang giai đoạn tiếp theo.",
    "%(what)s: approved by the council.": "%(what)s: Hội đồng đã thông qua.",
    "%(what)s: published.": "%(what)s: đã công bố.",
    "%(name)s: attached as evidence.": "%(name)s: đã đính kèm làm tài liệu kiểm chứng.",
    "The wave's estimates were applied to %(n)s survey criteria.": "Đã áp dụng kết quả ước lượng của đợt điều tra cho %(n)s tiêu chí.",
    "%(n)s units have no final result yet; finalise them before the council stage":
        "còn %(n)s đơn vị chưa có kết quả chính thức; hãy chốt kết quả trước khi chuyển sang giai đoạn Hội đồng",
    "This account is locked on this computer for 15 minutes after five wrong passwords. Trying again meanwhile does not unlock it sooner. After 15 minutes, log in again — or reset your password by email, or ask your administrator to unlock the account.":
        "Tài khoản này bị khóa trên máy tính này trong 15 phút vì đã nhập sai mật khẩu năm lần. Thử lại trong thời gian này không mở khóa sớm hơn. Sau 15 phút, hãy đăng nhập lại — hoặc đặt lại mật khẩu qua thư điện tử, hoặc đề nghị quản trị viên mở khóa tài khoản.",
    # -- the public portal: home, years, versions, methodology, filters (issue 13)
    '%(n)s unit ranked': '%(n)s đơn vị được xếp hạng',
    'How the index is computed': 'Cách tính chỉ số',
    'You are reading version %(shown)s of these results. Version %(latest)s replaced it.': 'Bạn đang đọc phiên bản %(shown)s của kết quả này. Phiên bản %(latest)s đã thay thế phiên bản này.',
    'Read the latest version': 'Đọc phiên bản mới nhất',
    'See what changed and why': 'Xem những gì đã thay đổi và lý do',
    'Version %(version)s, published %(day)s': 'Phiên bản %(version)s, công bố ngày %(day)s',
    'Every version and what changed': 'Mọi phiên bản và những gì đã thay đổi',
    'Checksum': 'Mã kiểm tra',
    'Results of other years': 'Kết quả các năm khác',
    'Unit %(n)s': 'Đơn vị %(n)s',
    'Add a unit': 'Thêm một đơn vị',
    'None': 'Không chọn',
    'Compare': 'So sánh',
    'Published results': 'Kết quả đã công bố',
    'The results of each index as its council approved them: every figure with its rule, its inputs and its version, to read, compare and download.': 'Kết quả của từng chỉ số như Hội đồng đã thông qua: mỗi con số kèm quy tắc, số liệu đầu vào và phiên bản, để xem, so sánh và tải về.',
    'version %(version)s': 'phiên bản %(version)s',
    'Leading units': 'Các đơn vị dẫn đầu',
    'Read and download': 'Xem và tải về',
    'The ranking of every unit': 'Bảng xếp hạng mọi đơn vị',
    'The map': 'Bản đồ',
    'Satisfaction survey (SIPAS)': 'Khảo sát sự hài lòng (SIPAS)',
    'Compare units': 'So sánh các đơn vị',
    'Excel workbook': 'Sổ tính Excel',
    'PDF report': 'Báo cáo PDF',
    'Every page is also data: add .json or .csv to its address, or use the API.': 'Mỗi trang cũng là dữ liệu: thêm .json hoặc .csv vào cuối địa chỉ, hoặc dùng API.',
    'API documentation': 'Tài liệu API',
    "Each year's results are computed with the methodology pinned to that year: its criteria, maximum points, scoring rules and result groups.": 'Kết quả mỗi năm được tính theo phương pháp gắn với năm đó: các tiêu chí, điểm tối đa, quy tắc chấm điểm và các nhóm kết quả.',
    'Legal basis': 'Căn cứ pháp lý',
    '%(areas)s areas and %(criteria)s criteria.': '%(areas)s lĩnh vực và %(criteria)s tiêu chí.',
    'Units are ranked by their index rounded to %(d)s decimals; equal indices share a rank.': 'Các đơn vị được xếp hạng theo chỉ số làm tròn đến %(d)s chữ số thập phân; chỉ số bằng nhau thì cùng hạng.',
    'Official: as the legal basis sets it. Illustrative: set by this deployment where the legal basis is silent.': 'Chính thức: theo căn cứ pháp lý. Minh họa: do đơn vị triển khai đặt ra khi căn cứ pháp lý không quy định.',
    'Result groups': 'Các nhóm kết quả',
    'Name': 'Tên',
    'Provenance': 'Căn cứ',
    'Areas and criteria': 'Lĩnh vực và tiêu chí',
    'All regions': 'Mọi vùng',
    'All groups': 'Mọi nhóm',
    '%(n)s respondents.': '%(n)s người trả lời.',
    'All units': 'Mọi đơn vị',
    'All elements': 'Mọi yếu tố',
    '%(shown)s of %(total)s estimates shown.': 'Đang hiển thị %(shown)s trên %(total)s kết quả ước lượng.',
    'Reliability': 'Độ tin cậy',
    'Not reliable: the coefficient of variation is above 20 %%': 'Chưa đủ tin cậy: hệ số biến thiên trên 20 %%',
    'Compare with': 'So sánh với',
    'A correction never replaces what was published: each version stays readable, and this page shows what one changed from another and why.': 'Đính chính không bao giờ thay thế kết quả đã công bố: mỗi phiên bản vẫn xem được, và trang này cho biết phiên bản sau đã thay đổi gì so với phiên bản trước và vì sao.',
    'Version %(n)s': 'Phiên bản %(n)s',
    'From version': 'Từ phiên bản',
    'To version': 'Đến phiên bản',
    'Show the changes': 'Xem các thay đổi',
    'What changed from version %(a)s to version %(b)s': 'Những thay đổi từ phiên bản %(a)s đến phiên bản %(b)s',
    "No unit's index, rank or group changed.": 'Không có đơn vị nào thay đổi chỉ số, thứ hạng hoặc nhóm.',
    'Criteria whose points changed': 'Các tiêu chí có điểm thay đổi',
    'Before': 'Trước',
    'After': 'Sau',
    'Ranked in the later version, not in the earlier': 'Có trong bảng xếp hạng của phiên bản sau, không có ở phiên bản trước',
    'Ranked in the earlier version, not in the later': 'Có trong bảng xếp hạng của phiên bản trước, không có ở phiên bản sau',
    'Skip to the main content': 'Bỏ qua, đến nội dung chính',
    'Main navigation': 'Thanh điều hướng chính',
    'Menu': 'Danh mục',
    'Data and API': 'Dữ liệu và API',
    'Every figure traces to its rule, its inputs and who changed them.': 'Mỗi con số đều truy được về quy tắc, số liệu đầu vào và người đã thay đổi.',
    # the service index's public dashboard (web/services)
    "Service index": "Chỉ số phục vụ",
    "Service to people and businesses": "Phục vụ người dân, doanh nghiệp",
    "How well each ministry, province and commune handles the administrative dossiers of people and businesses: on time, online, digitised and to their satisfaction, out of 100 points.":
        "Mức độ mỗi bộ, ngành, tỉnh và xã phục vụ người dân, doanh nghiệp khi giải quyết thủ tục hành chính: đúng hạn, trực tuyến, số hóa và làm người dân hài lòng, trên thang 100 điểm.",
    "Period": "Kỳ",
    "Counted from the dossiers received up to %(until)s, the last day the one-stop systems have sent records for.":
        "Tính từ hồ sơ tiếp nhận đến hết ngày %(until)s, ngày gần nhất có số liệu từ các hệ thống một cửa.",
    "Change: points and places %(against)s (▲ up, ▼ down, = the same rank).":
        "Thay đổi: số điểm và số bậc %(against)s (▲ tăng, ▼ giảm, = giữ nguyên hạng).",
    "Communes, wards and special zones": "Xã, phường, đặc khu",
    "Province or city": "Tỉnh, thành phố",
    "Choose a province or city": "Chọn tỉnh, thành phố",
    "Ranked among the province's communes with records in the period.": "Xếp hạng trong số các xã, phường, đặc khu của tỉnh có hồ sơ trong kỳ.",
    "No commune of this province has records in the period.": "Chưa có xã, phường nào của tỉnh này có hồ sơ trong kỳ.",
    "Choose a province or city to see how its communes and wards rank.": "Chọn tỉnh, thành phố để xem xếp hạng các xã, phường, đặc khu.",
    "No ministry has records in the period.": "Chưa có bộ, ngành nào có hồ sơ trong kỳ.",
    "Rank in the province": "Hạng trong tỉnh",
    "Rating": "Xếp loại",
    "How the index is made": "Cách tính chỉ số",
    "Ratings": "Các mức xếp loại",
    "No dossier records have been received yet: the index appears here once the one-stop systems send them.":
        "Chưa nhận được số liệu hồ sơ nào: chỉ số sẽ hiện ở đây khi các hệ thống một cửa gửi số liệu.",
    "Where you are": "Vị trí của trang",
    "among %(n)s %(level)s": "trong số %(n)s %(level)s",
    "rank %(rank)s of %(n)s in %(province)s": "hạng %(rank)s trong %(n)s đơn vị của %(province)s",
    "Against the period before": "So với kỳ trước",
    "points": "điểm",
    "The five groups": "Năm nhóm chỉ số",
    "Share of the maximum": "Đạt so với tối đa",
    "Every indicator behind the points": "Từng chỉ tiêu tạo nên số điểm",
    "The indicators about procedures (announced, published, offered online, payment) count the province's catalogue, whose procedures the commune carries out.":
        "Các chỉ tiêu về thủ tục (công bố, công khai, cung cấp trực tuyến, thanh toán) tính theo danh mục thủ tục của tỉnh mà xã thực hiện.",
    "Indicator and what the records show": "Chỉ tiêu và số liệu từ hồ sơ",
    "This unit has no records in the period. Choose another period above.": "Đơn vị không có hồ sơ trong kỳ này. Hãy chọn kỳ khác ở trên.",
    "Month by month": "Theo từng tháng",
    "Where points were lost, by procedure": "Bị mất điểm ở thủ tục nào",
    "See the procedures where points were lost": "Xem các thủ tục bị mất điểm",
    "The points lost on each indicator are shared among the procedures by their dossiers that missed it: an estimate of where the points went.":
        "Số điểm bị mất ở mỗi chỉ tiêu được chia cho các thủ tục theo số hồ sơ không đạt của từng thủ tục: ước tính điểm đã mất ở đâu.",
    "Procedure code": "Mã thủ tục",
    "Points lost (estimated)": "Điểm bị mất (ước tính)",
    "All %(n)s procedures where points were lost": "Tất cả %(n)s thủ tục bị mất điểm",
    "No procedure lost points in the period.": "Không có thủ tục nào bị mất điểm trong kỳ.",
    "and %(n)s more indicator": "và %(n)s chỉ tiêu khác",
    "On this page": "Trên trang này",
    "How its communes, wards and special zones rank": "Xếp hạng các xã, phường, đặc khu của tỉnh",
    # who holds a unit's late dossiers (web/services, for its leaders and the province's office)
    "Overdue and nearly-due dossiers": "Hồ sơ trễ hạn và sắp đến hạn",
    "For the unit's leaders and the province's office only: this page names the officials who handle each dossier. Do not pass it on.":
        "Chỉ dành cho lãnh đạo đơn vị và văn phòng của tỉnh: trang này nêu tên cán bộ xử lý từng hồ sơ. Xin không chuyển tiếp.",
    "Overdue: %(n)s dossiers (%(open)s still processing)": "Trễ hạn: %(n)s hồ sơ (%(open)s hồ sơ vẫn đang giải quyết)",
    "Still processing past their due date at the end of the period, or completed late within it.":
        "Hồ sơ vẫn đang giải quyết khi đã quá hạn vào cuối kỳ, hoặc đã giải quyết nhưng trễ hạn trong kỳ.",
    "Sort": "Sắp xếp", "Sort by days overdue": "Sắp xếp theo số ngày quá hạn", "most first": "nhiều nhất trước",
    "least first": "ít nhất trước", "Dossier": "Hồ sơ", "Receiving agency": "Nơi tiếp nhận", "Handling official": "Cán bộ xử lý",
    "Procedure": "Thủ tục", "Due": "Hạn giải quyết", "Days overdue": "Số ngày quá hạn", "Working days left": "Số ngày làm việc còn lại",
    "The first %(n)s are shown; the CSV holds every one.": "Trang chỉ hiện %(n)s hồ sơ đầu; tệp CSV có đầy đủ.",
    "No dossier overdue in this period.": "Không có hồ sơ trễ hạn trong kỳ.",
    "Nearly due: %(n)s dossiers still processing fall due within %(days)s working days of %(on)s":
        "Sắp đến hạn: %(n)s hồ sơ đang giải quyết đến hạn trong %(days)s ngày làm việc kể từ %(on)s",
    "No dossier falls due in the next few working days.": "Không có hồ sơ nào đến hạn trong vài ngày làm việc tới.",
    "Overdue and nearly-due dossiers, and who handles them": "Hồ sơ trễ hạn, sắp đến hạn và cán bộ xử lý",
    "(for the unit's leaders and the province's office)": "(dành cho lãnh đạo đơn vị và văn phòng của tỉnh)",
    # a PAR criterion fed by the dossier records (web/cycles)
    "%(n)s of %(d)s %(item)s (%(share)s %%)": "%(n)s trên %(d)s %(item)s (%(share)s %%)",
    "no %(item)s in the year": "không có %(item)s nào trong năm", "dossiers": "hồ sơ",
    "Year %(year)s · source: %(source)s": "Năm %(year)s · nguồn: %(source)s", "records up to %(until)s": "số liệu đến ngày %(until)s",
    "The points come from the dossier records: other points need a reason, which the audit log keeps.":
        "Điểm lấy từ dữ liệu hồ sơ: cho điểm khác phải nêu lý do, được lưu trong nhật ký thay đổi.",
    "This field is required.": "Trường này là bắt buộc.", "A number is expected here.": "Ở đây cần một số.",
    "A list is expected here.": "Ở đây cần một danh sách.", "An object is expected here.": "Ở đây cần một đối tượng.",
    "Text is expected here.": "Ở đây cần văn bản.", "true or false is expected here.": "Ở đây cần true hoặc false.",
    "This value is not one the field takes.": "Giá trị này không thuộc các giá trị trường nhận.",
}
PLURALS = {"%(n)s unit ranked": "%(n)s đơn vị được xếp hạng",
           "%(n)s survey criterion awaits the survey's data": "%(n)s tiêu chí điều tra đang chờ dữ liệu điều tra",
           "%(n)s unit is late against its deadline:": "%(n)s đơn vị đã quá hạn:",
           "%(n)s entry": "%(n)s mục",
           "%(n)s change of points since self-assessment": "%(n)s thay đổi điểm so với tự đánh giá",
           "%(n)s unit is not final yet": "%(n)s đơn vị chưa chốt kết quả",
           "%(n)s unit is not ready for %(stage)s:": "%(n)s đơn vị chưa sẵn sàng cho giai đoạn %(stage)s:",
           "%(n)s criterion lacks inputs": "%(n)s tiêu chí chưa có số liệu",
           "%(n)s criterion lacks evidence": "%(n)s tiêu chí chưa có tài liệu kiểm chứng",
           "and %(n)s more indicator": "và %(n)s chỉ tiêu khác"}


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def fill(text: str) -> tuple[str, list[str]]:
    missing = []
    blocks = text.split("\n\n")
    out = []
    for block in blocks:
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not match or 'msgid ""\nmsgstr ""\n"Project' in block or block.startswith('# SOME'):
            out.append(block)
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"')
        if not msgid:
            out.append(block)
            continue
        vi = VI.get(msgid)
        if vi is None:
            missing.append(msgid)
            out.append(block)
            continue
        block = re.sub(r"^#\|.*\n", "", block, flags=re.M)  # makemessages' guess of the previous msgid
        block = re.sub(r"^#, fuzzy\n", "", block, flags=re.M)
        block = re.sub(r"^#, fuzzy, ", "#, ", block, flags=re.M)
        if re.search(r"^msgid_plural", block, re.M):
            block = re.sub(r'msgstr\[0\] ".*"', f'msgstr[0] "{escape(vi)}"', block)
            block = re.sub(r'\nmsgstr\[1\] ".*"', "", block)  # Vietnamese has one plural form
        else:
            block = re.sub(r'msgstr ((?:".*"\n?)+)$', f'msgstr "{escape(vi)}"', block, flags=re.S)
        out.append(block)
    return "\n\n".join(out), missing


if __name__ == "__main__":
    text, missing = fill(PO.read_text(encoding="utf-8"))
    text = text.replace('"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"', '"Plural-Forms: nplurals=1; plural=0;\\n"')
    text = text.replace('"Language: \\n"', '"Language: vi\\n"')
    PO.write_text(text, encoding="utf-8")
    if missing:
        raise SystemExit("no Vietnamese for: " + "; ".join(missing))
    subprocess.run(["msgfmt", "--check", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)
    print(f"wrote {PO.with_suffix('.mo')}")
