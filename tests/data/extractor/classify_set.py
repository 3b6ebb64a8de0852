"""The classification test set, generated with the extraction test set (make_testset.py calls
generate()): annual information-disclosure reports in the many title forms agencies use, and the
documents crawls meet beside them that are NOT reports (notices about reports, disclosure
guides, budget/final-accounts disclosures, work plans, list pages, statistics yearbooks,
法治政府 reports, catalogues, news that mentions the annual report, website reports, 解读).

Vocabulary: the five real reports of ../reports (their bodies, with the region and the years
rewritten, are the positives' bodies), REPORT-FORMAT.md (sections, deadlines, templates), and
real region and department names. Every positive says which year and agency the extractor must
find; the crawler's seed (region, agency name) is given as the crawler would know it.

Writes OUT/classify/*.{html,pdf,docx} and returns the manifest entries (make_testset.py writes
them to OUT/classify.json): file, format, content_type, url, seed_region, seed_agency, label
(true = a report), kind (the title form or the negative's kind), and for reports year, agency.
"""
import html
import os
import random
import re

from blocks import blocks, split_title
from docxgen import render_docx
from pdfgen import render_pdf

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.join(HERE, '..', 'reports')

# Real regions: (name, level word a region-less title starts with).
CITIES = ['郑州市', '开封市', '洛阳市', '新乡市', '南阳市', '信阳市', '淮安市', '徐州市', '扬州市', '湖州市',
          '绍兴市', '赣州市', '九江市', '株洲市', '岳阳市', '宜昌市', '襄阳市', '绵阳市', '遵义市', '曲靖市',
          '铜仁市', '海东市', '吴忠市', '石嘴山市', '克拉玛依市', '包头市', '鄂尔多斯市']
COUNTIES = ['获嘉县', '原阳县', '延津县', '涟水县', '盱眙县', '金湖县', '德清县', '安吉县', '兴国县', '宁都县',
            '平江县', '秭归县', '南漳县', '三台县', '湄潭县', '陆良县', '盐池县', '永宁县', '互助土族自治县']
DISTRICTS = ['金水区', '二七区', '清江浦区', '淮阴区', '洛龙区', '西湖区', '鼓楼区', '武侯区']
COUNTY_CITIES = ['同仁市', '青铜峡市', '灵武市', '卫辉市', '辉县市', '长葛市']
PROVINCES = ['河南省', '江苏省', '浙江省', '湖北省', '青海省', '贵州省', '宁夏回族自治区', '新疆维吾尔自治区',
             '广西壮族自治区', '内蒙古自治区']
DEPTS = ['卫生健康委员会', '卫生健康局', '教育局', '财政局', '民政局', '自然资源和规划局', '生态环境局',
         '住房和城乡建设局', '交通运输局', '农业农村局', '水利局', '商务局', '文化广电和旅游局', '市场监督管理局',
         '人力资源和社会保障局', '应急管理局', '审计局', '统计局', '医疗保障局', '人民政府办公室', '人民政府',
         '发展和改革委员会', '司法局', '退役军人事务局', '林业局', '城市管理局', '数据局', '体育局']
PROVINCE_DEPTS = ['教育厅', '财政厅', '卫生健康委员会', '自然资源厅', '人民政府办公厅', '民政厅', '交通运输厅',
                  '生态环境厅', '市场监督管理局', '医疗保障局']
TOWNS = ['城关镇', '新庄镇', '河口镇', '王集乡', '黄河路街道办事处', '人民路街道办事处', '东城街道办事处']

# The five real bodies: (file, report year, the region words it uses, in replacement order).
SOURCES = [
    ('luoyang-wsjkw-2022', 2022, ['洛阳']),
    ('huojia-wjw-2021', 2021, ['获嘉']),
    ('tongren-wsjkj-2021', 2021, ['同仁']),
    ('qingtongxia-wsjkj-2020', 2020, ['青铜峡']),
    ('xinjiang-wsjkw-2019', 2019, ['新疆维吾尔自治区', '新疆']),
]

CN_DIGITS = '〇一二三四五六七八九'


def cn_year(y):
    return ''.join(CN_DIGITS[int(d)] for d in str(y))


def short(region):
    for suf in ('回族自治区', '维吾尔自治区', '壮族自治区', '土族自治县', '自治区', '省', '市', '县', '区'):
        if region.endswith(suf) and len(region) > len(suf) + 1:
            return region[:-len(suf)]
    return region


def level(region):
    for lv in ('自治区', '自治县', '市', '县', '区', '省'):
        if region.endswith(lv):
            return lv
    return ''


class Gen:
    def __init__(self, seed=20230131):
        self.r = random.Random(seed)
        self.bodies = {}
        for name, year, words in SOURCES:
            _, body = split_title(open(os.path.join(REPORTS, name + '.txt'), encoding='utf-8').read())
            # Drop the signature lines some bodies end with: each document gets its own.
            while body and (not body[-1].strip() or re.fullmatch(r'\S{2,20}(局|委)|\d{4}年\d+月\d+日', body[-1].strip())):
                body.pop()
            self.bodies[name] = (year, words, body)

    def pick(self, xs):
        return self.r.choice(xs)

    def region(self, kinds=('city', 'county', 'district', 'ccity')):
        k = self.pick(kinds)
        return self.pick({'city': CITIES, 'county': COUNTIES, 'district': DISTRICTS, 'ccity': COUNTY_CITIES,
                          'province': PROVINCES}[k])

    def agency(self):
        """A real-looking (agency, region it belongs to)."""
        k = self.r.random()
        if k < 0.1:
            p = self.pick(PROVINCES)
            return p + self.pick(PROVINCE_DEPTS), p
        if k < 0.2:
            c = self.pick(COUNTIES + DISTRICTS)
            return c + self.pick(TOWNS if not c.endswith('区') else TOWNS[4:]), c
        reg = self.region()
        return reg + self.pick(DEPTS), reg

    def report_body(self, agency, region, year, short_body=False, opening=None, signature=None):
        """A real report's body rewritten for another agency, region and year: [(kind, v)]."""
        name = self.pick(sorted(self.bodies))
        y0, words, lines = self.bodies[name]
        text = '\n'.join(lines)
        for w in words:
            text = text.replace(w, short(region) if len(w) < 4 else region)
        delta = year - y0
        text = re.sub(r'(?<!\d)(20[12]\d)(?=\s*年)',
                      lambda m: str(int(m.group(1)) + delta) if y0 - 2 <= int(m.group(1)) <= y0 + 1 else m.group(1),
                      text)
        bl = blocks(text.split('\n'))
        if short_body:   # a small body's report: section headings, the tables, a few sentences
            bl = [b for k, b in enumerate(bl) if b[0] == 'table' or re.match('[一二三四五六]、', b[1]) or k < 3]
        if opening:
            bl.insert(0, ('p', opening))
        if signature:
            bl += [('p', signature), ('p', '%d年1月%d日' % (year + 1, self.r.randint(10, 30)))]
        return bl


# ---- page templates of documents that are not single reports ---------------------------------

NAV = ['首页', '机构概况', '政务公开', '政策文件', '新闻动态', '办事服务', '互动交流', '专题专栏']


def list_page(column, items, site, charset, pager=True, bare=False):
    """A column of report links; bare: a small department site's page, without navigation."""
    lis = '\n'.join('<li><a href="/xxgk/ndbg/%d.html" target="_blank" title="%s">%s</a><span class="date">%s</span></li>'
                    % (i, html.escape(t), html.escape(t), d) for i, (t, d) in enumerate(items))
    pages = ('<div class="page">共%d条 <a href="#">首页</a> <a href="#">上一页</a> <a href="#">1</a> <a href="#">2</a> '
             '<a href="#">下一页</a> <a href="#">尾页</a> 跳转到第<input size="2">页</div>' % (len(items) * 2)) if pager else ''
    if bare:
        return f'''<html><head><meta charset="{charset}"><title>{html.escape(column)}</title></head>
<body><h2>{html.escape(column)}</h2><ul>
{lis}
</ul></body></html>
'''
    return f'''<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(column)}_{site}</title></head>
<body>
<div class="top"><div class="nav">{' '.join('<a href="/%d/">%s</a>' % (i, n) for i, n in enumerate(NAV))}</div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; {html.escape(column)}</div>
<div class="left"><h3>政府信息公开</h3><ul><li><a href="/xxgk/zn/">政府信息公开指南</a></li>
<li><a href="/xxgk/zd/">政府信息公开制度</a></li><li><a href="/xxgk/fdzdgknr/">法定主动公开内容</a></li>
<li><a href="/xxgk/ndbg/">{html.escape(column)}</a></li></ul></div>
<div class="right"><div class="column-title">{html.escape(column)}</div>
<ul class="list">
{lis}
</ul>
{pages}
</div>
<div class="footer">主办单位：{site} 版权所有 网站标识码：4100000001 ICP备05001234号</div>
</body></html>
'''


def paragraphs(ps):
    return [('p', p) for p in ps]


def notice_body(g, region, year):
    return paragraphs([
        '各县（市、区）人民政府，%s人民政府各部门，各有关单位：' % region,
        '根据《中华人民共和国政府信息公开条例》第四十九条、第五十条规定和国务院办公厅政府信息与政务公开办公室'
        '关于政府信息公开工作年度报告格式的通知要求，现就做好%d年度政府信息公开工作年度报告编制发布工作有关事项通知如下：' % year,
        '一、严格执行报告格式。年度报告应当包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、'
        '政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等内容，统计数据应当准确无误。',
        '二、按时发布报告。各部门应于%d年1月31日前在本单位门户网站“政府信息公开年报”栏目发布本部门年度报告，'
        '并将电子版报送%s人民政府办公室。' % (year + 1, region),
        '三、加强审核把关。各单位要严格落实三审三校制度，对报告中的数据逐项核对，杜绝错字漏字和数据前后矛盾。',
        '联系人：张某某，联系电话：0371-6%07d。' % g.r.randint(0, 9999999),
        '%s人民政府办公室' % region, '%d年%d月%d日' % (year, g.r.randint(11, 12), g.r.randint(1, 28)),
    ])


def guide_body(agency):
    return paragraphs([
        '为了更好地提供政府信息公开服务，保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》'
        '（以下简称《条例》），结合工作实际，编制本指南。',
        '一、主动公开', '（一）公开范围。%s主动公开机构职能、规范性文件、政策解读、财政预决算、行政许可和行政处罚等信息，'
        '具体内容见政府信息公开目录。' % agency,
        '（二）公开方式。主要通过门户网站政府信息公开专栏、政务新媒体、新闻发布会等方式公开。',
        '（三）公开时限。属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。',
        '二、依申请公开', '（一）受理机构。名称：%s办公室；办公地址：人民路88号；办公时间：工作日上午9:00—12:00，下午13:30—17:30。' % agency,
        '（二）申请方式。申请人可以通过当面提交、邮寄、网上申请等方式提出申请，并填写《政府信息公开申请表》。',
        '（三）办理时限。能够当场答复的当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。',
        '三、监督和救济', '公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。',
    ])


def budget_body(agency, year, final):
    word = '决算' if final else '预算'
    rows = [['项目', '%d年%s数' % (year, word), '上年数', '增减%'],
            ['一般公共预算财政拨款收入', '%d.%02d' % (1000 + year % 97 * 13, year % 89), '1021.50', '3.2'],
            ['政府性基金预算财政拨款收入', '0.00', '0.00', '0'],
            ['事业收入', '156.30', '148.20', '5.5'],
            ['收入总计', '1312.45', '1269.70', '3.4']]
    return paragraphs([
        '第一部分 %s概况' % agency, '一、部门主要职责', '负责贯彻执行国家有关方针政策和法律法规，拟订本地区发展规划并组织实施。',
        '二、部门%s单位构成' % word, '%s%d年部门%s包括：本级%s及所属事业单位3个。' % (agency, year, word, word),
        '第二部分 %d年部门%s表' % (year, word),
    ]) + [('table', rows)] + paragraphs([
        '三、“三公”经费情况说明', '%d年“三公”经费财政拨款%s数为12.60万元，比上年减少1.20万元，主要原因是严格执行中央八项规定精神。' % (year, word),
        '四、名词解释', '财政拨款收入：指本级财政当年拨付的资金。',
    ])


def workplan_body(region, year):
    return paragraphs([
        '为深入贯彻落实党中央、国务院关于全面推进政务公开的决策部署，进一步提升政务公开质量和实效，'
        '结合我%s实际，现提出%d年政务公开工作要点如下。' % (level(region) or '市', year),
        '一、围绕推动高质量发展加强政策发布解读', '（一）加强重大政策发布。及时公开稳经济、促发展、惠民生的政策措施。',
        '二、围绕保障和改善民生深化信息公开', '（二）做好教育、医疗卫生、社会救助等领域信息公开。',
        '三、夯实政务公开工作基础', '（三）按时编制发布%d年政府信息公开工作年度报告，提高年度报告质量。' % (year - 1),
        '（四）规范依申请公开办理，严格执行法定时限。', '四、强化组织保障', '各单位要明确分管负责同志，认真抓好落实。',
    ])


def stats_body(region, year):
    return paragraphs([
        '%d年，面对复杂严峻的外部环境，全%s上下坚持稳中求进工作总基调，经济运行总体平稳。' % (year, level(region) or '市'),
        '一、综合', '初步核算，全年地区生产总值%d.%d亿元，按不变价格计算，比上年增长%.1f%%。' % (1800 + year % 50 * 7, year % 10, 4.5 + year % 3),
        '二、农业', '全年粮食种植面积12.5万公顷，粮食总产量78.6万吨。',
        '三、工业和建筑业', '全年规模以上工业增加值比上年增长6.1%。',
        '四、人口', '年末常住人口%d.%d万人，城镇化率56.3%%。' % (300 + year % 40, year % 7),
        '注：本公报中部分数据为初步统计数，各项数据均未包括驻地部队数据。',
    ])


def health_stats_body(agency, year):
    rows = [['指标', '%d年' % year, '%d年' % (year - 1), '增减'], ['医疗卫生机构数（个）', '1832', '1807', '25'],
            ['卫生技术人员数（人）', '23561', '22810', '751'], ['总诊疗人次（万人次）', '2105.3', '1988.6', '116.7']]
    return paragraphs(['%s%d年卫生健康事业发展统计年报主要数据如下。' % (agency, year), '一、卫生资源']) + \
        [('table', rows)] + paragraphs(['二、医疗服务', '全年总诊疗人次比上年增长5.9%。', '三、妇幼卫生', '孕产妇系统管理率93.2%。'])


def fazhi_body(agency, year):
    return paragraphs([
        '%d年，%s坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下。' % (year, agency),
        '一、主要举措和成效', '（一）健全依法决策机制。严格执行重大行政决策程序，全年法律顾问审查合同、文件46件。',
        '（二）深化行政执法改革。全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。',
        '（三）推进政务公开。主动公开政府信息1265条，按时办理政府信息公开申请，编制发布政府信息公开工作年度报告。',
        '二、存在的不足', '法治宣传的针对性还不够强，基层执法人员业务能力有待提高。',
        '三、%d年工作打算' % (year + 1), '持续加强法治政府建设，提升依法行政水平。',
        '四、党政主要负责人履行推进法治建设第一责任人职责情况', '主要负责人认真履行第一责任人职责，全年专题研究法治政府建设工作4次。',
    ])


def catalogue_body(agency):
    rows = [['索引号', '信息名称', '公开方式', '生成日期']]
    for i, n in enumerate(['机构职能', '领导信息', '内设机构', '规范性文件', '政府信息公开工作年度报告', '财政预决算', '行政许可',
                           '行政处罚', '人事信息', '建议提案办理']):
        rows.append(['11410%03d-%02d' % (i * 7, i), n, '网站', '2023-0%d-1%d' % (i % 9 + 1, i)])
    return paragraphs(['%s政府信息公开目录是%s主动公开政府信息的索引，按主题分类编排如下。' % (agency, agency)]) + [('table', rows)]


def news_body(agency, year):
    return paragraphs([
        '近日，%s召开%d年度政府信息公开工作年度报告编制工作培训会，各科室、直属单位政务公开工作人员40余人参加会议。' % (agency, year),
        '会议传达学习了上级关于年度报告编制发布的通知精神，解读了年度报告格式要求，逐项讲解了统计表格的填报口径。',
        '会议强调，各单位要高度重视年度报告编制工作，确保数据准确、内容完整，于%d年1月31日前按时发布。' % (year + 1),
        '下一步，%s将持续加强政务公开队伍建设，不断提升政务公开工作水平。' % agency,
    ])


def website_report_body(agency, year):
    rows = [['网站名称', agency + '门户网站'], ['首页网址', 'http://www.example.gov.cn'], ['主办单位', agency],
            ['网站类型', '政府门户网站'], ['独立用户访问总量（单位：个）', '105236'], ['网站总访问量（单位：次）', '1532641'],
            ['信息发布（单位：条）', '2135'], ['其中：概况类信息更新量', '36'], ['政务动态信息更新量', '1255']]
    return paragraphs(['填报单位：%s' % agency]) + [('table', rows)] + paragraphs(['单位负责人：李某某 审核人：王某某 填报人：赵某某'])


def jiedu_body(agency, year):
    return paragraphs([
        '一图读懂：%s%d年政府信息公开工作年度报告。' % (agency, year),
        '%d年，%s共主动公开政府信息%d条，收到政府信息公开申请%d件，均在法定期限内予以答复。' % (year, agency, 800 + year % 300, 10 + year % 20),
        '政务新媒体发布信息1200余条，召开新闻发布会8场。', '相关链接：%s%d年政府信息公开工作年度报告' % (agency, year),
    ])


def summary_body(agency, year):
    return paragraphs([
        '%d年，在市委、市政府的坚强领导下，%s紧紧围绕中心工作，各项工作取得明显成效。' % (year, agency),
        '一、%d年工作开展情况' % year, '（一）强化党建引领。（二）推进重点项目建设。（三）优化营商环境。（四）做好政务公开工作。',
        '二、存在的问题', '工作创新不够，服务水平有待提高。', '三、%d年工作计划' % (year + 1), '继续深化改革，推动各项工作再上新台阶。',
    ])


def performance_body(agency, year):
    return paragraphs([
        '一、部门概况', '%s是主管本地区相关工作的政府工作部门，内设科室8个。' % agency,
        '二、部门整体支出绩效目标', '%d年部门整体支出预算%d万元，全年执行率97.6%%。' % (year, 1200 + year % 100),
        '三、绩效自评结果', '经自评，本部门%d年度整体支出绩效自评得分为94分，等级为“优”。' % year,
    ])


# ---- the set ----------------------------------------------------------------------------------

def generate(out, templates):
    """templates: make_testset's [(name, fn(title, blocks, charset, site), charset, header)].
    Returns the manifest entries."""
    g = Gen()
    entries = []
    counter = [0]

    def emit(label, kind, title, bl, site, seed_region='', seed_agency='', year=0, agency='', fmt=None,
             page=None, title_lines=None, label_line=None):
        counter[0] += 1
        n = counter[0]
        if fmt is None:
            x = g.r.random()
            fmt = 'pdf' if x < 0.1 else 'docx' if x < 0.18 else 'html'
        name = 'classify/%03d-%s' % (n, kind)
        e = dict(label=label, kind=kind, title=title, seed_region=seed_region, seed_agency=seed_agency, format=fmt)
        if label:
            e.update(year=year, agency=agency)
        if fmt == 'html':
            if page is None:
                tname, fn, charset, header = templates[n % len(templates)]
                page = fn(title, bl, charset if charset != 'gb18030' else 'gbk', site)
            else:
                charset, header = 'utf-8', 'text/html; charset=UTF-8'
            enc = 'gb18030' if charset in ('gbk', 'gb2312', 'gb18030') else 'utf-8'
            data = page.encode(enc)
            e.update(file=name + '.html', content_type=header, url='http://www.example.gov.cn/xxgk/%03d.html' % n)
        elif fmt == 'pdf':
            data, _ = render_pdf(title, bl, n % 4, site, title_lines=title_lines, label=label_line)
            e.update(file=name + '.pdf', content_type='', url='')
        else:
            data, _ = render_docx(title, bl, site, title_lines=title_lines, label=label_line)
            e.update(file=name + '.docx', content_type='', url='')
        path = os.path.join(out, e['file'])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)
        entries.append(e)

    years = list(range(2019, 2025))

    # Positives: one per title form, several times over, with random agencies and years.
    def positive(kind, title_fn, reps, **kw):
        for _ in range(reps):
            a, reg = g.agency()
            y = g.pick(years)
            t, exp_agency, seed_region, seed_agency, body_kw = title_fn(a, reg, y)
            bl = g.report_body(exp_agency, reg, y, short_body=g.r.random() < 0.3, **body_kw)
            emit(True, kind, t, bl, site=seed_agency or exp_agency, seed_region=seed_region, seed_agency=seed_agency,
                 year=y, agency=exp_agency, **kw)

    plain = lambda t: (lambda a, reg, y: (t.format(a=a, y=y), a, reg, '', {}))   # noqa: E731
    positive('plain', plain('{a}{y}年政府信息公开工作年度报告'), 14)
    positive('niandu', plain('{a}{y}年度政府信息公开工作年度报告'), 8)
    positive('guanyu', plain('{a}关于{y}年政府信息公开工作的年度报告'), 5)
    positive('guanyu2', plain('关于{a}{y}年度政府信息公开工作年度报告'), 3)
    positive('nianbao', plain('{a}{y}年政府信息公开年报'), 6)
    positive('year-first', plain('{y}年{a}政府信息公开工作年度报告'), 6)
    positive('year-after', plain('{a}政府信息公开工作年度报告（{y}年）'), 4)
    positive('year-after2', plain('{a}政府信息公开工作年度报告({y}年度)'), 2)
    positive('gongzuo-baogao', plain('{a}{y}年度政府信息公开工作报告'), 4)
    positive('zhengwu', plain('{a}{y}年政务公开工作年度报告'), 4)
    positive('spaced', plain('{a} {y} 年政府信息公开 工作年度报告'), 3)
    positive('quanwen', plain('{a}{y}年政府信息公开工作年度报告（全文）'), 3)
    positive('cn-year', lambda a, reg, y: ('%s%s年政府信息公开工作年度报告' % (a, cn_year(y)), a, reg, '', {}), 4)
    positive('province-prefixed', lambda a, reg, y: (
        '%s%s%d年政府信息公开工作年度报告' % ('河南省' if reg in CITIES[:6] else '', a, y),
        ('河南省' if reg in CITIES[:6] else '') + a, reg, '', {}), 3)

    def no_region(a, reg, y):   # "市卫生健康委员会2022年…" on the city's own site
        rest = a[len(reg):]
        lv = level(reg)
        return '%s%s%d年政府信息公开工作年度报告' % (lv, rest, y), reg + rest, reg, '', {}
    for _ in range(12):
        reg = g.region(('city', 'county', 'district', 'ccity', 'province'))
        dept = g.pick(PROVINCE_DEPTS if reg in PROVINCES else DEPTS)
        y = g.pick(years)
        t, exp, seed_region, _, _ = no_region(reg + dept, reg, y)
        emit(True, 'no-region', t, g.report_body(exp, reg, y, short_body=g.r.random() < 0.3), site=exp,
             seed_region=seed_region, year=y, agency=exp)

    def no_agency_signed(a, reg, y):
        return '%d年政府信息公开工作年度报告' % y, a, '', '', {'signature': a}
    positive('signature', no_agency_signed, 6)

    def seed_only(a, reg, y):
        return '%d年度政府信息公开工作年度报告' % y, a, reg, a, {}
    positive('seed-agency', seed_only, 4)

    def body_year(a, reg, y):
        return ('%s政府信息公开工作年度报告' % a, a, reg, '',
                {'opening': '%d年，%s坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，'
                            '不断加大信息公开力度。' % (y, a)})
    positive('year-in-body', body_year, 6)

    # Reposted: a city's government site republishes a county department's report.
    for _ in range(8):
        city = g.pick(CITIES)
        other = g.pick(COUNTIES + DISTRICTS) + g.pick(DEPTS)
        y = g.pick(years)
        t = '%s%d年政府信息公开工作年度报告' % (other, y)
        emit(True, 'reposted', t, g.report_body(other, other, y), site=city + '人民政府', seed_region=city,
             seed_agency=city + '人民政府办公室', year=y, agency=other)

    # Township reports.
    for _ in range(6):
        county = g.pick(COUNTIES)
        a = county + g.pick(TOWNS)
        y = g.pick(years)
        emit(True, 'township', '%s%d年政府信息公开工作年度报告' % (a, y), g.report_body(a, county, y, short_body=True),
             site=county + '人民政府', seed_region=county, year=y, agency=a)

    # Attachment-only pages: the body points to the report's PDF.
    for _ in range(8):
        a, reg = g.agency()
        y = g.pick(years)
        t = '%s%d年政府信息公开工作年度报告' % (a, y)
        link = '%s<br>附件：<a href="/xxgk/ndbg/P0202301%02d.pdf">%s.pdf</a>' % (
            g.pick(['详见附件。', '具体内容详见附件。', '现将我单位年度报告予以公布，详见附件。']), g.r.randint(10, 31), html.escape(t))
        tname, fn, charset, header = templates[len(entries) % len(templates)]
        page = fn(t, [('p', '@@BODY@@')], 'utf-8', a).replace('@@BODY@@', link)
        emit(True, 'attachment-only', t, [], site=a, seed_region=reg, year=y, agency=a, fmt='html', page=page)

    # PDF and DOCX files whose title is two lines: the agency, then the report's name.
    for fmt in ('pdf', 'docx'):
        for _ in range(4):
            a, reg = g.agency()
            y = g.pick(years)
            lines = [a, '%d年政府信息公开工作年度报告' % y]
            emit(True, 'two-line-title', ''.join(lines), g.report_body(a, reg, y, short_body=True), site=a,
                 year=y, agency=a, fmt=fmt, title_lines=lines)

    # Attachments as published: a first line "附件" / "附件1" or a document number above the title,
    # the year on a line of its own under it.
    for k in range(8):
        a, reg = g.agency()
        y = g.pick(years)
        lines = [[a + '%d年政府信息公开工作年度报告' % y],
                 [a, '政府信息公开工作年度报告', '（%d年度）' % y]][k % 2]
        first = ['附件', '附件1', '附件：', '%s〔%d〕%d号' % (short(reg) + '政办', y + 1, g.r.randint(1, 40))][k % 4]
        emit(True, 'attachment-file', ''.join(lines), g.report_body(a, reg, y, short_body=True), site=a, year=y, agency=a,
             fmt='pdf' if k < 4 else 'docx', title_lines=lines, label_line=first)

    # Negatives.
    def negative(kind, reps, make):
        for _ in range(reps):
            a, reg = g.agency()
            y = g.pick(years)
            t, bl = make(a, reg, y)
            emit(False, kind, t, bl, site=a, seed_region=reg)

    negative('notice', 6, lambda a, reg, y: ('关于报送%d年度政府信息公开工作年度报告的通知' % y, notice_body(g, reg, y)))
    negative('notice', 5, lambda a, reg, y: ('关于做好%d年政府信息公开工作年度报告编制发布工作的通知' % y, notice_body(g, reg, y)))
    negative('notice', 3, lambda a, reg, y: ('%s人民政府办公室关于%d年度政府信息公开工作年度报告发布情况的通报' % (reg, y),
                                             notice_body(g, reg, y)))
    negative('notice', 2, lambda a, reg, y: ('关于%s%d年政府信息公开工作年度报告的公示' % (a, y), notice_body(g, reg, y)))
    negative('guide', 8, lambda a, reg, y: (g.pick(['%s政府信息公开指南', '%s政府信息公开指南（%d年修订）' % ('%s', y + 1),
                                                    '%s依申请公开指南']) % a, guide_body(a)))
    negative('budget', 6, lambda a, reg, y: ('%s%d年部门预算公开' % (a, y + 1), budget_body(a, y + 1, False)))
    negative('budget', 3, lambda a, reg, y: ('%s%d年部门预算及“三公”经费预算公开说明' % (a, y + 1), budget_body(a, y + 1, False)))
    negative('final-accounts', 6, lambda a, reg, y: (g.pick(['%s%d年部门决算', '%s%d年度部门决算公开']) % (a, y),
                                                     budget_body(a, y, True)))
    negative('work-plan', 5, lambda a, reg, y: ('%s%d年政务公开工作要点' % (reg, y + 1), workplan_body(reg, y + 1)))
    negative('work-plan', 3, lambda a, reg, y: ('%s%d年政府信息公开工作要点' % (a, y + 1), workplan_body(reg, y + 1)))
    negative('statistics', 4, lambda a, reg, y: ('%s%d年国民经济和社会发展统计公报' % (reg, y), stats_body(reg, y)))
    negative('statistics', 4, lambda a, reg, y: ('%s%d年卫生健康统计年报' % (reg + '卫生健康委员会', y),
                                                 health_stats_body(reg + '卫生健康委员会', y)))
    negative('fazhi', 6, lambda a, reg, y: (g.pick(['%s%d年法治政府建设年度报告', '%s关于%d年法治政府建设情况的报告']) % (a, y),
                                            fazhi_body(a, y)))
    negative('catalogue', 4, lambda a, reg, y: ('%s政府信息公开目录' % a, catalogue_body(a)))
    negative('news', 3, lambda a, reg, y: ('%s召开%d年度政府信息公开工作年度报告编制培训会' % (a, y), news_body(a, y)))
    negative('news', 3, lambda a, reg, y: ('%s%d年政府信息公开工作年度报告全部按时发布' % (reg, y), news_body(a, y)))
    negative('news', 3, lambda a, reg, y: ('%s扎实做好政府信息公开工作年度报告编制发布工作' % a, news_body(a, y)))
    negative('news', 2, lambda a, reg, y: ('%s开展政务公开工作年度报告质量检查' % reg, news_body(a, y)))
    negative('website-report', 4, lambda a, reg, y: ('%s政府网站工作年度报表（%d年度）' % (a, y), website_report_body(a, y)))
    negative('jiedu', 4, lambda a, reg, y: (g.pick(['%s%d年政府信息公开工作年度报告解读', '图解：%s%d年政府信息公开工作年度报告']) % (a, y),
                                            jiedu_body(a, y)))
    negative('work-summary', 3, lambda a, reg, y: ('%s%d年工作总结和%d年工作计划' % (a, y, y + 1), summary_body(a, y)))
    negative('gov-work-report', 3, lambda a, reg, y: ('%s人民政府工作报告（%d年）' % (reg, y + 1), summary_body(reg + '人民政府', y)))
    negative('application-form', 2, lambda a, reg, y: ('%s政府信息公开申请表' % a, [('table', [
        ['申请人信息', '公民', '姓名', '', '证件名称', ''], ['', '法人或其他组织', '名称', '', '统一社会信用代码', ''],
        ['所需信息情况', '所需信息的内容描述', '', '', '', ''], ['', '获取信息的方式', '□纸质 □电子邮件 □光盘', '', '', '']])]))
    negative('performance', 3, lambda a, reg, y: ('%s%d年度部门整体支出绩效自评报告' % (a, y), performance_body(a, y)))

    # List pages: a column of report links (all titles of real form), with and without a pager.
    for k in range(16):
        a, reg = g.agency()
        column = g.pick(['政府信息公开年报', '政府信息公开工作年度报告', '年度报告', '政府信息公开年度报告', '信息公开年报'])
        items = []
        for y in range(2024, 2024 - (g.r.randint(3, 6) if k >= 10 else g.r.randint(6, 20)), -1):
            who = a if g.r.random() < 0.6 else g.region() + g.pick(DEPTS)
            items.append(('%s%d年政府信息公开工作年度报告' % (who, y if y >= 2008 else 2008), '%d-01-%02d' % (y + 1, g.r.randint(10, 31))))
        emit(False, 'list-page', column, [], site=a, seed_region=reg, fmt='html',
             page=list_page(column, items, a, 'utf-8', pager=k % 3 != 0, bare=k >= 12))
    return entries
