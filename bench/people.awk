# The people CSV of the import benchmarks (bench/import.sh, bench/import-pg.sh):
# N deterministic rows (awk -v n=N -f bench/people.awk). Common family, middle
# and given names, both genders, birth dates 1960-2005, unique CCCDs (province
# code + 9 digits), mobile numbers, the four grassroots unions of the tiny
# demo, a position, a start date.
BEGIN {
  srand(20261122);
  split("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý", fam, " ");
  split("Văn Đức Minh Quang Hữu Xuân Thanh Ngọc", midm, " ");
  split("Thị Thu Hồng Ngọc Thanh Kim Minh Phương", midf, " ");
  split("An Bình Cường Dũng Đức Giang Hải Hùng Khoa Long Nam Phong Quân Sơn Tuấn Việt", givm, " ");
  split("Anh Hà Hạnh Hằng Hoa Hương Lan Linh Mai Nga Ngân Phương Thảo Trang Vy Yến", givf, " ");
  split("HN-BD-PHUCXA HN-BD-THCS-NTT HN-HBT-BVTN HN-HBT-DM8-3", units, " ");
  split("Công nhân|Kỹ sư|Giáo viên|Bác sĩ|Điều dưỡng|Kế toán|Tổ trưởng|", jobs, "|");
  print "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Điện thoại,Mã đơn vị,Chức vụ,Từ ngày";
  for (i = 0; i < n; i++) {
    f = rand() < 0.5;
    name = fam[int(rand() * 16) + 1] " " (f ? midf[int(rand() * 8) + 1] : midm[int(rand() * 8) + 1]) " " \
           (f ? givf[int(rand() * 16) + 1] : givm[int(rand() * 16) + 1]);
    printf "%s,%s,%02d/%02d/%d,%03d%09d,09%08d,%s,%s,%02d/%02d/%d\n", name, f ? "Nữ" : "Nam",
      int(rand() * 28) + 1, int(rand() * 12) + 1, 1960 + int(rand() * 46), int(rand() * 96) + 1, i,
      int(rand() * 100000000), units[int(rand() * 4) + 1], jobs[int(rand() * 8) + 1],
      int(rand() * 28) + 1, int(rand() * 12) + 1, 2000 + int(rand() * 24);
  }
}
