#!/usr/bin/env python3
"""Builds the labelled evaluation set of the text quality filters (origin: data/text/README.md).

    data/text/quality-eval/build-eval-set.py

Writes quality-eval.jsonl beside this script: one JSON object per line with
  id      stable name of the document (group and number)
  group   where it comes from: zh-poem (the bundled Tang poems), zh-saying, zh-mixed, en-mixed, en-prose (written for
          this set), zh-junk, en-junk (crafted spam and boilerplate)
  label   keep or remove
  reason  for remove: the reason code the filters are meant to give (docs/text-cleaning.md); null for keep
  text    the document as the filters see it (already normalised: no control characters, single spaces)
Deterministic: the same sample gives the same set.
"""
import json, os, random

here = os.path.dirname(os.path.abspath(__file__))
poetry = os.path.join(here, "..", "chinese-poetry-sample", "quantangshi-poet.tang.0.json")
rng = random.Random(20261207)
docs = []


def add(group, label, reason, text):
    number = sum(1 for d in docs if d["group"] == group)
    docs.append({"id": f"{group}-{number:03d}", "group": group, "label": label, "reason": reason, "text": text})


# ---- good short CJK texts: Tang poems of the bundled sample (every poem is literature, so every one is keep) ----
poems = json.load(open(poetry, encoding="utf-8"))
for poem in sorted(rng.sample(range(len(poems)), 240)):
    add("zh-poem", "keep", None, "\n".join(poems[poem]["paragraphs"]))

# ---- sayings with their source, as in a fortune file (classical texts, public domain) ----
SAYINGS = [
    ("學而時習之，不亦說乎？", "論語·學而"), ("三人行，必有我師焉。", "論語·述而"), ("己所不欲，勿施於人。", "論語·衛靈公"),
    ("知之為知之，不知為不知，是知也。", "論語·為政"), ("溫故而知新，可以為師矣。", "論語·為政"),
    ("千里之行，始於足下。", "老子"), ("上善若水。水善利萬物而不爭。", "老子"), ("知人者智，自知者明。", "老子"),
    ("天行健，君子以自強不息。", "周易"), ("路漫漫其修遠兮，吾將上下而求索。", "屈原《離騷》"),
    ("不積跬步，無以至千里；不積小流，無以成江海。", "荀子《勸學》"), ("青，取之於藍，而青於藍。", "荀子《勸學》"),
    ("生於憂患，死於安樂。", "孟子"), ("老吾老，以及人之老；幼吾幼，以及人之幼。", "孟子"),
    ("先天下之憂而憂，後天下之樂而樂。", "范仲淹《岳陽樓記》"), ("海內存知己，天涯若比鄰。", "王勃"),
    ("業精於勤，荒於嬉；行成於思，毀於隨。", "韓愈《進學解》"), ("人生自古誰無死，留取丹心照汗青。", "文天祥"),
    ("少壯不努力，老大徒傷悲。", "《長歌行》"), ("讀書破萬卷，下筆如有神。", "杜甫"), ("欲窮千里目，更上一層樓。", "王之渙"),
    ("近朱者赤，近墨者黑。", "傅玄"), ("不入虎穴，焉得虎子。", "《後漢書》"), ("學而不思則罔，思而不學則殆。", "論語·為政"),
    ("敏而好學，不恥下問。", "論語·公冶長"), ("工欲善其事，必先利其器。", "論語·衛靈公"),
    ("天時不如地利，地利不如人和。", "孟子"), ("窮則獨善其身，達則兼善天下。", "孟子"),
    ("學然後知不足，教然後知困。", "禮記·學記"), ("玉不琢，不成器；人不學，不知道。", "禮記·學記"),
    ("天下難事，必作於易；天下大事，必作於細。", "老子"), ("合抱之木，生於毫末。", "老子"),
    ("鍥而舍之，朽木不折；鍥而不舍，金石可鏤。", "荀子《勸學》"), ("長風破浪會有時，直掛雲帆濟滄海。", "李白"),
    ("一鳴驚人", "《史記·滑稽列傳》"), ("臥薪嘗膽", "《史記》"), ("破釜沉舟", "《史記·項羽本紀》"),
    ("守株待兔", "《韓非子》"), ("亡羊補牢", "《戰國策》"), ("學無止境", "荀子"),
    ("书山有路勤为径，学海无涯苦作舟。", "韩愈"), ("宝剑锋从磨砺出，梅花香自苦寒来。", "《警世贤文》"),
    ("莫等闲，白了少年头，空悲切。", "岳飞《满江红》"), ("千淘万漉虽辛苦，吹尽狂沙始到金。", "刘禹锡"),
]
DASHES = ["-- ", "——", "—— ", "－－"]
for i, (saying, source) in enumerate(SAYINGS):
    add("zh-saying", "keep", None, saying + "\n" + DASHES[i % len(DASHES)] + source)

# ---- Chinese with Latin names, commands and numbers: measured in characters, judged as Chinese ----
ZH_MIXED = [
    "ls 命令列出目录中的文件。加上 -l 选项时，每个文件占一行，并显示权限、所有者、大小和修改时间；加上 -a 选项时，"
    "以点开头的隐藏文件也会列出。",
    "使用 git commit -m 提交修改之前，请先用 git status 查看哪些文件已经暂存。如果提交信息写错了，可以用 "
    "git commit --amend 修改最近一次提交。",
    "在 Linux 系统中，可以用 df -h 查看磁盘的剩余空间，用 du -sh 目录名 查看一个目录占用的空间。这两个命令都不需要管理员权限。",
    "Python 的 list.sort() 会直接修改原来的列表，而 sorted() 返回一个新的列表。两者都接受 key 参数，"
    "例如 key=len 表示按长度排序。",
    "本程序需要 Java 17 或更高版本。请先设置 JAVA_HOME 环境变量，然后运行 mvn package 构建项目，"
    "生成的 jar 文件在 target 目录中。",
    "HTTP 状态码 404 表示服务器找不到请求的资源，500 表示服务器内部错误。遇到 503 时，通常是服务暂时过载，稍后重试即可。",
    "# 计算列表的平均值\n# 如果列表为空，返回 0，避免除以零\ndef mean(values):\n    return sum(values) / len(values) if values else 0",
    "# 读取配置文件，每行一个键和值，用等号分隔\n# 以井号开头的行是注释，会被跳过\nfor line in open(path):\n"
    "    if not line.startswith('#'):\n        key, value = line.split('=', 1)",
    "Spark 的 repartition 会触发一次 shuffle，把数据重新分成指定数量的分区；coalesce 只能减少分区数，通常不需要 shuffle。"
    "写出大文件之前先检查分区数。",
    "我们在 2023 年 5 月发布了 3.0 版本，主要改进了 GPU 训练的速度。升级时请注意，旧的 config.yaml 格式已经不再支持，需要改成 HOCON。",
    "tar -czf backup.tar.gz data/ 会把 data 目录打包并用 gzip 压缩。解压时使用 tar -xzf backup.tar.gz，文件会恢复到当前目录。",
    "这篇论文提出的模型叫 Transformer，它完全基于注意力机制，不使用循环网络。在 WMT 2014 英德翻译任务上，"
    "它的 BLEU 分数达到 28.4。",
    "ssh-keygen -t ed25519 生成一对新的密钥。公钥保存在 ~/.ssh/id_ed25519.pub，把它的内容加到服务器的 "
    "authorized_keys 文件里，就可以不用密码登录。",
    "如果 npm install 很慢，可以换用国内的镜像，例如运行 npm config set registry 加上镜像地址。安装完成后，用 npm ls 检查依赖树。",
    "Docker 镜像由多层组成。每条 RUN、COPY 或 ADD 指令都会生成新的一层，所以把相关的命令合并成一条 RUN 可以减小镜像的体积。",
    "在 Excel 中，VLOOKUP 函数按第一列查找数据。第四个参数写 FALSE 表示精确匹配；如果写 TRUE，表格必须先按第一列排序。",
    "日志显示 OutOfMemoryError 时，可以用 -Xmx 参数增大堆内存，例如 -Xmx4g。但更好的办法是先用 jmap 看看内存被什么对象占用了。",
    "我昨天用 iPhone 拍了几张照片，发到 WeChat 群里，大家都说颜色很好看。下次去 Kyoto 旅行的时候，我还想带上这台手机。",
    "这家咖啡店在 Nanjing Road 上，营业时间是早上 8 点到晚上 10 点。店里有免费的 Wi-Fi，很多学生喜欢在这里写作业。",
    "CPU 使用率长时间超过 90% 的时候，先用 top 找出占用最多的进程，再用 perf 或者 jstack 看它在做什么，不要急着加机器。",
]
for text in ZH_MIXED:
    add("zh-mixed", "keep", None, text)

# ---- English prose with a Chinese phrase: measured in words, the English rules run on the English words ----
EN_MIXED = [
    "The poem opens with the line 床前明月光，疑是地上霜 and most readers in China learn it at school. The moonlight on "
    "the floor looks like frost, and the traveller who sees it lifts his head to the moon and then lowers it, thinking "
    "of the home that he has left behind him.",
    "In the shop the sign said 欢迎光临, which is the usual way of welcoming customers, and below it there was a list of "
    "the teas that they sell. We asked the owner to recommend one, and she poured us a cup of oolong that had been "
    "roasted over charcoal for three days.",
    "My grandmother used to say 吃一堑，长一智 whenever one of us made a mistake. It means that a fall into the pit is "
    "a gain in your wit, and she said it with a smile, because she believed that the best lessons are the ones that "
    "cost you something.",
    "The menu of the restaurant was written in both languages. Under the heading 面食 there were noodles with beef, "
    "noodles with pork and a vegetable soup, and the waiter told us that the dumplings had been made by hand that "
    "morning in the kitchen behind the counter. We ordered all three and shared them.",
    "During the festival the streets are decorated with red lanterns and banners that read 新年快乐. Families visit "
    "their relatives, children receive money in red envelopes, and at midnight the whole city seems to be lit up with "
    "fireworks that go on for more than an hour. The next morning the streets are quiet again.",
    "The word 功夫 is usually translated as kung fu, the martial art, but in everyday speech it means the time and "
    "effort that you put into something. A cook who has spent years on a single dish can be said to have a great deal "
    "of it, and so can a calligrapher.",
]
for text in EN_MIXED:
    add("en-mixed", "keep", None, text)

EN_PROSE = [
    "The committee met on Tuesday to discuss the budget for the coming year. Members agreed that the library needs new "
    "computers and that the park should have better lighting. After a long debate, the chair proposed a compromise "
    "with a smaller increase to be reviewed in spring, and the proposal passed by seven votes to two.",
    "The river was high after a week of rain, and the path along the bank had turned to mud. We walked as far as the "
    "old mill and then turned back, because the water had covered the bridge and there was no other way to reach the "
    "village on the far side before it got dark.",
    "To replace the battery, first turn the device off and remove the back cover with a coin. Take out the old battery "
    "and insert the new one with the positive side facing up. Close the cover and hold the power button for three "
    "seconds; the light will blink twice to show that it is ready.",
    "The report found that most of the energy used by the data centre went to cooling rather than to computing. By "
    "moving the servers to a colder room and raising the temperature of the air that is blown through them, the "
    "operators were able to cut their electricity bill by almost a third in one year.",
    "She had lived in the same house for forty years and knew every creak of the floor. When her children suggested "
    "that she move to a smaller flat in town, she listened politely, thanked them, and then went out to the garden to "
    "plant the tomatoes that she had grown from seed on the kitchen window.",
    "Our results show that the smaller model reaches the same accuracy as the larger one when it is trained for twice "
    "as many steps. The cost of training is therefore similar, but the smaller model is much cheaper to run, which "
    "matters more when it has to answer millions of requests every day.",
]
for text in EN_PROSE:
    add("en-prose", "keep", None, text)

# ---- crafted junk: spam and boilerplate in Chinese and English, with the reason the filters are meant to give ----
PRODUCTS_ZH = ["手机", "电脑", "耳机", "相机", "手表", "平板", "空调", "冰箱", "沙发", "跑鞋"]
CITIES_ZH = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "重庆"]
PRODUCTS_EN = ["phone", "laptop", "headphones", "camera", "watch", "tablet", "printer", "sofa", "sneakers", "router"]
CITIES_EN = ["Boston", "Denver", "Austin", "Seattle", "Chicago", "Phoenix", "Dallas", "Miami", "Portland", "Atlanta"]


def pick(words, k):
    return rng.sample(words, k)


for i in range(10):
    p, c = PRODUCTS_ZH[i], CITIES_ZH[i]
    pe, ce = PRODUCTS_EN[i], CITIES_EN[i]
    # too short: a navigation fragment, a button label, a page title
    add("zh-junk", "remove", "too_few_words", rng.choice(["点击查看", "返回首页", "登录", "下一页", "立即购买"]) + p)
    add("en-junk", "remove", "too_few_words", rng.choice(["Click here to buy your new", "Back to the", "Log in to see"])
        + f" {pe} in {ce}.")
    # hashtag spam
    tags_zh = " ".join("#" + w for w in pick(PRODUCTS_ZH + CITIES_ZH + ["美食", "旅游", "打卡", "网红", "推荐"], 8))
    add("zh-junk", "remove", "symbol_ratio", f"今天去{c}买了新{p}。\n" + tags_zh)
    tags_en = " ".join("#" + w for w in pick(PRODUCTS_EN + [x.lower() for x in CITIES_EN] + ["sale", "deal", "love"], 20))
    add("en-junk", "remove", "symbol_ratio", f"Got my new {pe} today in {ce}, and it is the best thing that I have "
        "bought this year. The shop was full, but the staff were friendly and the price was lower than online, so "
        "I am very happy with it and I will go back to the same shop again next month! " + tags_en)
    # navigation menus of bullet lines
    menu_zh = ["首页", "新闻中心", "产品展示", p + "专区", c + "分公司", "客户服务", "联系我们", "关于我们"]
    add("zh-junk", "remove", "bullet_lines", "\n".join("• " + m for m in rng.sample(menu_zh, 7)))
    menu_en = ["Home", "News", "Products", pe.title() + " deals", ce + " stores", "Customer service", "Contact us",
               "About us", "Careers", "Privacy policy", "Terms of use", "Sitemap"]
    add("en-junk", "remove", "bullet_lines", "\n".join("• " + m for m in rng.sample(menu_en, 10)))
    # teaser lists whose lines end in an ellipsis
    teasers_zh = [f"{c}最新{p}价格曝光，网友看完都说……", f"这款{p}到底值不值得买？专家告诉你……",
                  f"{c}市民注意：明天起这些地方……", f"买{p}之前一定要看，不然后悔……", "点击阅读全文……"]
    add("zh-junk", "remove", "ellipsis_lines", "\n".join(rng.sample(teasers_zh, 5)))
    teasers_en = [f"You will not believe what this {pe} can do...", f"Residents of {ce} are shocked by the new...",
                  f"Ten reasons to buy a {pe} before the end of the month...", "Doctors hate this one simple trick...",
                  "Read the full story and find out what happened next..."]
    add("en-junk", "remove", "ellipsis_lines", "\n".join(rng.sample(teasers_en, 5)))
    # tables of numbers: prices, phone numbers, order codes
    rows_zh = [f"{rng.randint(100, 999)} {rng.randint(1000, 9999)} {rng.randint(10, 99)}" for _ in range(6)]
    add("zh-junk", "remove", "alpha_words", f"{c}{p}报价\n" + "\n".join(rows_zh))
    rows_en = [f"{rng.randint(100, 999)} {rng.randint(1000, 9999)} {rng.randint(10, 99)}.{rng.randint(10, 99)}"
               for _ in range(20)]
    add("en-junk", "remove", "alpha_words", f"Price list for {pe} orders shipped to {ce}:\n" + "\n".join(rows_en))
    # keyword spam: search terms strung together, no sentence
    keywords_zh = [f"{city}{product}{kind}" for city in pick(CITIES_ZH, 4) for product in pick(PRODUCTS_ZH, 4)
                   for kind in ["价格", "批发", "专卖店"]] + ["免费下载", "高清电影", "在线观看", "最新大全", "官方网站",
                                                        "优惠券", "包邮", "正品", "团购", "加盟", "招商"]
    add("zh-junk", "remove", "stop_words", "，".join(rng.sample(keywords_zh, 36)) + "。")
    keywords_en = [f"cheap {pe}", f"{pe} price", f"best {pe}", f"{pe} deals", f"buy {pe} online", f"{ce} {pe} store",
                   f"discount {pe}", "free shipping", "lowest prices", "top rated", "official site", "coupon codes",
                   "wholesale", "clearance sale", "limited offer", "order now", "fast delivery", "best seller",
                   "customer reviews", "new arrivals", "hot items", "great value", "shop now", "big savings"]
    add("en-junk", "remove", "stop_words", ", ".join(rng.sample(keywords_en, 24)) + ".")
    # placeholder text left in a template
    add("zh-junk", "remove", "lorem_ipsum", f"{c}{p}旗舰店\n产品介绍：Lorem ipsum dolor sit amet, consectetur adipiscing "
        "elit. 在这里填写产品的详细说明。")
    add("en-junk", "remove", "lorem_ipsum", f"Welcome to the {ce} {pe} shop. Lorem ipsum dolor sit amet, consectetur "
        "adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, "
        "quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat, and the rest of the text "
        "that the designer never replaced with the description of the shop.")
    # code and style sheets
    add("zh-junk", "remove", "curly_bracket", f"// 初始化{p}列表\nfunction init() {{\n  var items = load('{c}');\n"
        "  return items.filter(x => x.price > 0);\n}")
    add("en-junk", "remove", "curly_bracket", f".{pe}-banner {{ color: #333; margin: 0 auto; }}\n"
        f"The {pe} banner is shown on every page of the {ce} store and it has to be centred with the rest of the "
        "layout, so that the price and the button line up with the header on both the phone and the desktop view.")
    # the same line over and over
    line_zh = rng.choice([f"欢迎光临{c}{p}专卖店！", f"{p}大促销，全场五折！", "本店所有商品一律包邮！"])
    add("zh-junk", "remove", "duplicate_lines", "\n".join([line_zh] * 5 + [f"地址：{c}市中心。"]))
    line_en = rng.choice([f"Welcome to the {ce} {pe} outlet!", f"Huge {pe} sale, everything half price!",
                          "Free shipping on every order!"])
    add("en-junk", "remove", "duplicate_lines", "\n".join([line_en] * 5 + [f"Visit our store in {ce} today, "
        "where the staff will be happy to help you to find the right one and to answer all of your questions."]))
    # one phrase repeated inside a line: laughter, chants, keyword stuffing
    add("zh-junk", "remove", "top_ngram_2", rng.choice(["哈哈", "呵呵", "嘻嘻", "啦啦"]) * rng.randint(8, 15) + "！")
    add("zh-junk", "remove", "dup_ngram_5", f"买{p}就来{c}，" * 2 + f"{c}{p}最便宜，买{p}就来{c}，{c}{p}最便宜！")
    add("en-junk", "remove", "top_ngram_2", " ".join([f"buy {pe}"] * 12) + f" in {ce} and save money, "
        f"because the {pe} is the best thing you can have this year and the price will not be this low again.")
    # boilerplate footers and menus: lines without any sentence ending
    footer_zh = [f"{c}某某{p}有限公司 版权所有", "京ICP备12345678号", "地址 " + c + "市高新区创业路88号",
                 "电话 010-12345678", "邮箱 service@example.com", "友情链接 合作伙伴 网站地图"]
    add("zh-junk", "remove", "line_punctuation", "\n".join(rng.sample(footer_zh, 6)))
    sitemap_en = ["Home", "About the company", "Our history", "Meet the team", "Careers with us", "News and events",
                  "Products", f"{pe.title()} deals", "Gift cards", "Help", "Contact us", "Shipping and returns",
                  "Track your order", "Privacy policy", "Terms of use", "Accessibility", f"Stores in {ce}",
                  "Follow us", "Return to the top", "Store locator", "Find a gift"]
    sentences_en = [f"Sign up for our newsletter to get the best {pe} offers in your inbox every week.",
                    f"Copyright 2024 {ce} {pe.title()} Company Inc. All rights reserved.",
                    "Prices and offers are subject to change without notice and may differ in the stores."]
    add("en-junk", "remove", "short_lines", "\n".join(rng.sample(sitemap_en, 21) + sentences_en))

with open(os.path.join(here, "quality-eval.jsonl"), "w", encoding="utf-8") as out:
    for doc in docs:
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
print(len(docs), "documents:", {g: sum(1 for d in docs if d["group"] == g) for g in dict.fromkeys(d["group"] for d in docs)})
