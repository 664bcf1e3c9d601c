/**
 * A small general product vocabulary: groups of words customers use for the
 * same kind of thing (English, es/fr/de/it/pt/nl, and ja/zh for common goods),
 * colours in those languages, and the words around items that say "all of
 * it" or "how many". It names kinds of goods, never a tenant's catalogue: the
 * readers in `extract.ts` match a line when any word of its name falls in a
 * group the message names.
 *
 * Entries are written naturally; `extract.ts` folds them the same way as the
 * message (accents, case, plurals), so "Kopfhörer" and "kopfhorer" are one word.
 * Japanese and Chinese entries are matched as substrings (no spaces to split on).
 *
 * Example:
 *   ITEM_CONCEPTS.find((c) => c.words.includes("taza"))?.id; // "mug"
 */

export interface Concept {
  id: string;
  words: readonly string[];
  /** Sold in pairs: "a pair of boots" is one item, "a pair of mugs" two. */
  paired?: boolean;
}

const concept = (id: string, words: string, paired = false): Concept => ({ id, words: words.split("|"), paired });

export const ITEM_CONCEPTS: readonly Concept[] = [
  concept("mug", "mug|cup|teacup|coffee cup|taza|tasse|becher|kaffeebecher|tazza|caneca|xicara|chavena|mok|beker|マグ|マグカップ|カップ|杯|杯子|马克杯"),
  concept("tshirt", "t-shirt|tshirt|tee|tee shirt|camiseta|playera|remera|tee-shirt|maglietta|shirtje|tシャツ|t恤"),
  concept("shirt", "shirt|blouse|camisa|chemise|hemd|camicia|overhemd|blusa|シャツ|衬衫"),
  concept("sweater", "sweater|jumper|pullover|sweatshirt|hoodie|cardigan|jersey|sueter|felpa|maglione|suéter|moletom|trui|セーター|毛衣"),
  concept("jacket", "jacket|raincoat|coat|anorak|parka|windbreaker|rain jacket|chaqueta|chamarra|abrigo|impermeable|veste|manteau|blouson|imperméable|jacke|regenjacke|mantel|giacca|giubbotto|cappotto|impermeabile|casaco|jaqueta|capa de chuva|jas|regenjas|ジャケット|コート|夹克|外套|雨衣"),
  concept("trousers", "trousers|pants|chinos|chino|slacks|jeans|pantalones|pantalon|pantalón|hose|chinohose|pantaloni|calças|calca|broek|ズボン|パンツ|裤子|长裤"),
  concept("dress", "dress|skirt|vestido|falda|robe|jupe|kleid|vestito|abito|gonna|saia|jurk|ワンピース|スカート|连衣裙|裙子"),
  concept("boots", "boots|boot|hiking boots|shoes|shoe|sneakers|trainers|sandals|botas|bota|zapatos|zapatillas|chaussures|bottes|baskets|schuhe|stiefel|wanderschuhe|wanderstiefel|turnschuhe|scarponi|scarpe|stivali|sapatos|tenis|schoenen|laarzen|wandelschoenen|靴|ブーツ|鞋|靴子", true),
  concept("socks", "socks|sock|calcetines|calcetin|medias|chaussettes|socken|calzini|calze|meias|sokken|靴下|袜子", true),
  concept("gloves", "gloves|glove|mittens|guantes|gants|handschuhe|guanti|luvas|handschoenen|手袋|手套", true),
  concept("scarf", "scarf|shawl|bufanda|echarpe|écharpe|foulard|schal|halstuch|sciarpa|cachecol|sjaal|マフラー|スカーフ|围巾"),
  concept("hat", "hat|cap|beanie|sombrero|gorra|gorro|chapeau|casquette|bonnet|hut|mutze|mütze|cappello|berretto|chapeu|chapéu|boné|muts|帽子"),
  concept("belt", "belt|cinturon|cinturón|ceinture|gurtel|gürtel|cintura|cinto|riem|ベルト|腰带"),
  concept("bag", "bag|tote|tote bag|handbag|purse|bolsa|bolso|sac|sacoche|tasche|tragetasche|borsa|sacola|バッグ|包|袋子"),
  concept("backpack", "backpack|rucksack|knapsack|mochila|sac a dos|sac à dos|zaino|rugzak|リュック|背包"),
  concept("lamp", "lamp|desk lamp|lampara|lámpara|lampe|leuchte|lampada|luminaria|luminária|luminaire|ランプ|ライト|台灯|灯"),
  concept("headphones", "headphones|headphone|headset|earphones|earbuds|auriculares|cascos|casque|ecouteurs|écouteurs|kopfhorer|kopfhörer|cuffie|auricolari|fones|fone|fones de ouvido|koptelefoon|oordopjes|ヘッドホン|イヤホン|耳机"),
  concept("tent", "tent|tienda|tienda de campana|tente|zelt|tenda|barraca|テント|帐篷"),
  concept("kettle", "kettle|hervidor|bouilloire|wasserkocher|bollitore|chaleira|waterkoker|ケトル|やかん|水壶|电水壶"),
  concept("mat", "mat|yoga mat|esterilla|colchoneta|tapis|tapis de yoga|matte|yogamatte|tappetino|tapete|ヨガマット|マット|瑜伽垫|垫子"),
  concept("bottle", "bottle|flask|water bottle|botella|cantimplora|bouteille|gourde|flasche|trinkflasche|borraccia|bottiglia|garrafa|cantil|fles|drinkfles|ボトル|水筒|瓶|水瓶"),
  concept("watch", "watch|smartwatch|wristwatch|reloj|montre|uhr|armbanduhr|orologio|relogio|relógio|horloge|腕時計|時計|手表"),
  concept("camera", "camera|action cam|camara|cámara|kamera|fotocamera|videocamera|câmera|fototoestel|カメラ|相机|摄像机"),
  concept("bowl", "bowl|cuenco|bol|tazon|tazón|schussel|schüssel|ciotola|tigela|ボウル|碗"),
  concept("plate", "plate|dish|plato|assiette|teller|piatto|prato|皿|盘子"),
  concept("glass", "glass|glasses|tumbler|vaso|copa|verre|glas|bicchiere|copo|グラス|玻璃杯"),
  concept("pan", "pan|frying pan|skillet|saucepan|sarten|sartén|olla|poele|poêle|casserole|pfanne|topf|padella|pentola|frigideira|panela|koekenpan|フライパン|鍋|锅"),
  concept("toaster", "toaster|tostadora|grille-pain|tostapane|torradeira|broodrooster|トースター|烤面包机"),
  concept("blender", "blender|licuadora|batidora|mixeur|mixer|frullatore|liquidificador|ミキサー|搅拌机"),
  concept("blanket", "blanket|manta|cobija|couverture|plaid|decke|coperta|cobertor|deken|毛布|毯子"),
  concept("sheets", "sheets|bedsheet|duvet cover|sabanas|sábanas|draps|bettwasche|bettwäsche|lenzuola|lencois|lençóis|lakens|シーツ|床单"),
  concept("pillow", "pillow|cushion|almohada|cojin|cojín|oreiller|coussin|kissen|cuscino|travesseiro|almofada|kussen|枕|枕头"),
  concept("towel", "towel|toalla|serviette|handtuch|asciugamano|toalha|handdoek|タオル|毛巾"),
  concept("helmet", "helmet|casco|casque de velo|helm|capacete|ヘルメット|头盔"),
  concept("charger", "charger|cargador|chargeur|ladegerat|ladegerät|caricabatterie|carregador|oplader|充電器|充电器"),
  concept("keyboard", "keyboard|teclado|clavier|tastatur|tastiera|toetsenbord|キーボード|键盘"),
  concept("mouse", "mouse|raton|ratón|souris|maus|muis|マウス|鼠标"),
  concept("phone case", "phone case|funda|coque|etui|hulle|hülle|custodia|capinha|hoesje|スマホケース|ケース|手机壳"),
  concept("speaker", "speaker|altavoz|bocina|enceinte|haut-parleur|lautsprecher|altoparlante|cassa|caixa de som|alto-falante|luidspreker|スピーカー|音箱"),
  concept("sunglasses", "sunglasses|gafas de sol|lunettes de soleil|sonnenbrille|occhiali da sole|oculos de sol|zonnebril|サングラス|太阳镜"),
  concept("umbrella", "umbrella|paraguas|parapluie|regenschirm|schirm|ombrello|guarda-chuva|paraplu|傘|雨伞"),
  concept("wallet", "wallet|cartera|billetera|portefeuille|geldborse|geldbörse|portafoglio|carteira|portemonnee|財布|钱包"),
  concept("sleeping bag", "sleeping bag|saco de dormir|sac de couchage|schlafsack|sacco a pelo|slaapzak|寝袋|睡袋"),
  concept("knife", "knife|cuchillo|couteau|messer|coltello|faca|ナイフ|包丁|刀"),
  concept("teapot", "teapot|tetera|theiere|théière|teekanne|teiera|bule|theepot|急須|茶壶"),
  concept("vase", "vase|jarron|jarrón|florero|vaas|花瓶"),
  concept("candle", "candle|vela|bougie|kerze|candela|kaars|キャンドル|蜡烛"),
  concept("book", "book|libro|livre|buch|livro|boek|本|书"),
  concept("toy", "toy|juguete|jouet|spielzeug|giocattolo|brinquedo|speelgoed|おもちゃ|玩具"),
  concept("phone", "phone|smartphone|telefono|teléfono|telephone|téléphone|handy|telefone|telefoon|スマホ|手机"),
  concept("laptop", "laptop|notebook|portatil|portátil|ordinateur portable|portatile|ノートパソコン|笔记本电脑"),
  concept("chair", "chair|silla|chaise|stuhl|sedia|cadeira|stoel|椅子"),
  concept("table", "table|desk|mesa|escritorio|bureau|tisch|schreibtisch|tavolo|scrivania|tafel|bureau|机|桌子"),
];

export const COLOUR_CONCEPTS: readonly Concept[] = [
  concept("blue", "blue|azul|bleu|blau|blu|azzurro|blauw|青|蓝|蓝色|ブルー|azules|bleue|bleus|blaue|blauen|blauer|blaues|blauwe"),
  concept("navy", "navy|navy blue|marine|bleu marine|azul marino|marineblau|blu navy|azul-marinho|marineblauw|ネイビー|藏青|海军蓝|marineblaue"),
  concept("green", "green|verde|vert|grun|grün|groen|緑|グリーン|绿|绿色|verdes|verte|verts|grune|grunen|gruner|groene|verdi"),
  concept("red", "red|rojo|roja|rouge|rot|rosso|rossa|vermelho|vermelha|rood|赤|レッド|红|红色|rojos|rojas|rouges|rote|roten|roter|rossi|rosse|vermelhos|rode"),
  concept("white", "white|blanco|blanca|blanc|blanche|weiss|weiß|bianco|bianca|branco|branca|wit|白|ホワイト|白色|blancos|blancas|blancs|blanches|weisse|weissen|weisser|bianchi|brancos|witte"),
  concept("black", "black|negro|negra|noir|noire|schwarz|nero|nera|preto|preta|zwart|黒|ブラック|黑|黑色|negros|negras|noirs|noires|schwarze|schwarzen|schwarzer|neri|pretos|zwarte"),
  concept("grey", "grey|gray|gris|grise|grau|grigio|grigia|cinza|grijs|灰|グレー|灰色|grises|graue|grauen|grauer|grigi|grijze"),
  concept("brown", "brown|marron|marrón|brun|braun|marrone|castanho|bruin|茶色|ブラウン|棕色|braune|braunen|marroni|bruine"),
  concept("pink", "pink|rosa|rose|roze|ピンク|粉红"),
  concept("yellow", "yellow|amarillo|amarilla|jaune|gelb|giallo|gialla|amarelo|amarela|geel|黄|イエロー|黄色|amarillos|amarillas|jaunes|gelbe|gelben|gelber|gialli|amarelos|gele"),
  concept("orange", "orange|naranja|arancione|laranja|oranje|オレンジ|橙色"),
  concept("purple", "purple|violet|morado|morada|violeta|lila|viola|roxo|roxa|paars|紫|パープル|紫色|paarse"),
  concept("beige", "beige|cream|crema|creme|crème|beis|ベージュ|米色"),
];

/** "Every line" phrases; a bare "both" is handled in extract.ts (it also means two of one line). */
export const WHOLE_ORDER_PHRASES: readonly string[] = [
  "whole order", "whole thing", "whole parcel", "whole package", "whole shipment", "entire order", "entire thing", "entire parcel", "entire package",
  "full order", "everything", "all of it", "all of them", "all items", "all the items", "all my items", "all of the items", "both items", "both things",
  "all the things", "both of the items", "the lot", "all three", "every item",
  "todo el pedido", "el pedido completo", "el pedido entero", "toda la orden", "todos los articulos", "ambos articulos", 
  "toute la commande", "la commande entiere", "tous les articles", "les deux articles", "tout le colis",
  "die ganze bestellung", "die gesamte bestellung", "alle artikel", "beide artikel", "alles",
  "l intero ordine", "tutto l ordine", "tutti gli articoli", "entrambi gli articoli",
  "todo o pedido", "o pedido inteiro", "todos os itens", "ambos os itens",
  "de hele bestelling", "de volledige bestelling", "alle artikelen", "allebei",
  "全部", "すべて", "全て",
];

/** Words that make a sentence an instruction to the agent rather than a description of the goods. */
export const INSTRUCTION_WORDS: readonly string[] = [
  "ignore", "disregard", "override", "system", "assistant", "you must", "forget", "previous instructions", "as the ai", "admin", "developer mode", "jailbreak",
  "ignora", "ignorar", "olvida", "ignorez", "ignore tes", "oublie", "ignoriere", "vergiss", "ignoreer", "sistema", "systeme", "instrucciones", "instructions",
];

/** Counting words in the supported languages (articles that also mean "one" count as one). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, single: 1,
  uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4,
  ein: 1, eine: 1, einen: 1, einer: 1, zwei: 2, drei: 3, vier: 4,
  due: 2, tre: 3, quattro: 4,
  um: 1, uma: 1, dois: 2, duas: 2,
  een: 1, twee: 2, drie: 3,
};

/** "Both" in the supported languages: every unit of the line named. */
export const BOTH_WORDS: readonly string[] = ["both", "ambos", "ambas", "los dos", "las dos", "les deux", "tous les deux", "beide", "beiden", "entrambi", "entrambe", "tutti e due", "os dois", "as duas", "allebei", "両方"];
