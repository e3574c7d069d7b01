/*
 * A-to-z Claim Guard: the task pane's first script, for hosts too old to run it.
 *
 * The manifest admits Office 2019 and volume-licensed Office 2016, which show add-ins in Internet
 * Explorer 11 ("Trident") or the old Microsoft Edge ("EdgeHTML"). Those never run the pane's ES2022
 * module (IE11 ignores type="module"; EdgeHTML cannot parse it): without this script the pane is blank.
 * Microsoft asks for "a graceful failure message" there:
 * https://learn.microsoft.com/en-us/office/dev/add-ins/develop/support-ie-11 (which webview runs where:
 * https://learn.microsoft.com/en-us/office/dev/add-ins/concepts/browsers-used-by-office-web-add-ins).
 *
 * Written in ECMAScript 3 (no let/const, arrows, template literals or trailing commas), so that any
 * browser parses it; test/addin/old-host.test.ts checks that with acorn. addin/vite.config.ts inlines
 * it at the top of <body>; it adds "atoz-old-host" to <html> (taskpane.html's style then hides #root)
 * and shows the message in the browser's language (English, Simplified or Traditional Chinese).
 */
(function (window, document) {
  var navigator = window.navigator || {};
  var userAgent = String(navigator.userAgent || '');

  var MESSAGES = {
    en: {
      title: 'A-to-z Claim Guard needs a newer Office',
      body: 'This Office shows add-ins with Internet Explorer or the old Microsoft Edge, which cannot run this add-in. ' +
        'Use Microsoft 365 or Office 2021 or later on Windows, Excel for Mac, or Excel on the web in Edge, Chrome or Safari.'
    },
    'zh-CN': {
      title: 'A-to-z \u7d22\u8d54\u536b\u58eb\u9700\u8981\u66f4\u65b0\u7248\u672c\u7684 Office',
      body: '\u6b64 Office \u4f7f\u7528 Internet Explorer \u6216\u65e7\u7248 Microsoft Edge \u663e\u793a\u52a0\u8f7d\u9879\uff0c\u65e0\u6cd5\u8fd0\u884c\u672c\u52a0\u8f7d\u9879\u3002' +
        '\u8bf7\u4f7f\u7528 Windows \u4e0a\u7684 Microsoft 365 \u6216 Office 2021 \u53ca\u66f4\u65b0\u7248\u672c\u3001Mac \u7248 Excel\uff0c\u6216\u5728 Edge\u3001Chrome \u6216 Safari \u4e2d\u4f7f\u7528 Excel \u7f51\u9875\u7248\u3002'
    },
    'zh-TW': {
      title: 'A-to-z \u7d22\u8ce0\u885b\u58eb\u9700\u8981\u66f4\u65b0\u7248\u672c\u7684 Office',
      body: '\u6b64 Office \u4f7f\u7528 Internet Explorer \u6216\u820a\u7248 Microsoft Edge \u986f\u793a\u589e\u76ca\u96c6\uff0c\u7121\u6cd5\u57f7\u884c\u672c\u589e\u76ca\u96c6\u3002' +
        '\u8acb\u4f7f\u7528 Windows \u4e0a\u7684 Microsoft 365 \u6216 Office 2021 \u53ca\u66f4\u65b0\u7248\u672c\u3001Mac \u7248 Excel\uff0c\u6216\u5728 Edge\u3001Chrome \u6216 Safari \u4e2d\u4f7f\u7528 Excel \u7db2\u9801\u7248\u3002'
    }
  };

  /** What the pane's bundle needs: ES modules, Promise, fetch, and ES2022 syntax (optional chaining, class fields). */
  function canRunThePane() {
    if (userAgent.indexOf('Trident/') !== -1 || userAgent.indexOf('MSIE ') !== -1 || userAgent.indexOf(' Edge/') !== -1) return false;
    if (typeof window.Promise !== 'function' || typeof window.fetch !== 'function') return false;
    if (!('noModule' in document.createElement('script'))) return false;
    try {
      // Compiled, never run. A page whose Content-Security-Policy forbids eval throws an EvalError
      // here: that says nothing about the browser, so only a SyntaxError counts.
      window.Function('var a = {}; class B { c = 1; #d = 2; } return a?.b ?? new B().c;');
    } catch (error) {
      if (error && error.name === 'SyntaxError') return false;
    }
    return true;
  }

  function language() {
    var tag = String(navigator.language || navigator.userLanguage || navigator.browserLanguage || 'en').toLowerCase();
    if (tag.indexOf('zh') !== 0) return 'en';
    return /^zh-(tw|hk|mo|hant)/.test(tag) ? 'zh-TW' : 'zh-CN';
  }

  function show(text) {
    var box = document.createElement('div');
    var title = document.createElement('h1');
    var body = document.createElement('p');
    box.id = 'atoz-old-host';
    box.setAttribute('role', 'alert');
    box.style.fontFamily = 'Segoe UI, Helvetica, Arial, sans-serif';
    box.style.padding = '16px';
    title.style.fontSize = '18px';
    title.appendChild(document.createTextNode(text.title));
    body.appendChild(document.createTextNode(text.body));
    box.appendChild(title);
    box.appendChild(body);
    document.documentElement.className += ' atoz-old-host';
    document.body.insertBefore(box, document.body.firstChild);
  }

  if (!canRunThePane()) show(MESSAGES[language()]);
})(window, document);
